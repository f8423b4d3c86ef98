package io.rewind.common.metric;

import java.util.EnumSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.rewind.common.web.Snippets;

/**
 * JSONPath (Jayway's, as Argo Rollouts' web provider uses kubectl's): picks the one number a web metric measures out of
 * a JSON answer. Read with Jackson only, on the maps and lists it parses JSON into (Jayway's functions such as
 * {@code .max()} count only such plain numbers, not Jackson's tree nodes): Jayway's default json-smart provider is
 * never configured, nor shipped.
 * A path may be written {@code $.data.value} or, as in Argo, {@code {$.data.value}}.
 *
 * <p>Jayway creates the functions a path may end in ({@code .max()}, {@code .avg()}, ...) by reflection, from a table:
 * they are registered here so that they work in a native executable too.
 */
@RegisterForReflection(classNames = {
        "com.jayway.jsonpath.internal.function.numeric.Average", "com.jayway.jsonpath.internal.function.numeric.Max",
        "com.jayway.jsonpath.internal.function.numeric.Min", "com.jayway.jsonpath.internal.function.numeric.Sum",
        "com.jayway.jsonpath.internal.function.numeric.StandardDeviation",
        "com.jayway.jsonpath.internal.function.text.Concatenate", "com.jayway.jsonpath.internal.function.text.Length",
        "com.jayway.jsonpath.internal.function.json.Append", "com.jayway.jsonpath.internal.function.json.KeySetFunction",
        "com.jayway.jsonpath.internal.function.sequence.First", "com.jayway.jsonpath.internal.function.sequence.Last",
        "com.jayway.jsonpath.internal.function.sequence.Index" })
public final class JsonPaths {

    public static final int MAX_LENGTH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Configuration TREES = Configuration.builder()
            .jsonProvider(new JacksonJsonProvider(JSON)).mappingProvider(new JacksonMappingProvider(JSON))
            .options(EnumSet.noneOf(Option.class)).build();

    private JsonPaths() {
    }

    /** Why {@code text} is not a JSONPath, or null. */
    public static String problem(String text) {
        if (text.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        try {
            compile(text);
            return null;
        } catch (InvalidPathException e) {
            return "is not a JSONPath such as $.data.value or $.series[0].pointlist[-1][1] ("
                    + Snippets.of(e.getMessage()) + ")";
        }
    }

    private static JsonPath compile(String text) {
        String path = text.strip();
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1).strip();
        }
        if (!path.startsWith("$")) {
            throw new InvalidPathException("it must start with $");
        }
        return JsonPath.compile(path);
    }

    /**
     * The one finite number {@code path} selects in {@code document}: a JSON number, a string holding one (as Prometheus
     * writes values), or a boolean ({@code true} is 1, {@code false} 0, for Argo-style {@code $.data.ok} checks).
     *
     * @param document JSON as Jackson reads it into {@code Object}: maps, lists, strings, numbers, booleans
     * @throws WebMetric.Failed saying what the path matched instead
     */
    public static double number(Object document, String path) {
        Object found;
        JsonPath compiled = compile(path);
        try {
            found = compiled.read(document, TREES);
        } catch (PathNotFoundException e) {
            throw new WebMetric.Failed("JSONPath " + path + " matched nothing in the answer");
        } catch (JsonPathException e) {
            throw new WebMetric.Failed("JSONPath " + path + " could not be applied to the answer ("
                    + Snippets.of(e.getMessage()) + ")");
        }
        JsonNode node = found instanceof JsonNode tree ? tree : JSON.valueToTree(found);
        if (!compiled.isDefinite()) {
            if (node.size() == 0) {
                throw new WebMetric.Failed("JSONPath " + path + " matched nothing in the answer");
            }
            if (node.size() > 1) {
                throw new WebMetric.Failed("JSONPath " + path + " matched " + node.size()
                        + " values; it must match exactly one");
            }
            node = node.get(0);
        }
        return value(node, path);
    }

    private static double value(JsonNode node, String path) {
        double value;
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new WebMetric.Failed("JSONPath " + path + " matched null, not a number");
        } else if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isBoolean()) {
            value = node.booleanValue() ? 1 : 0;
        } else if (node.isTextual()) {
            try {
                value = Double.parseDouble(node.textValue().strip());
            } catch (NumberFormatException e) {
                throw new WebMetric.Failed("JSONPath " + path + " matched the text '" + Snippets.of(node.textValue())
                        + "', not a number");
            }
        } else {
            throw new WebMetric.Failed("JSONPath " + path + " matched " + (node.isArray() ? "an array" : "an object")
                    + ", not a number: point it at one value");
        }
        if (!Double.isFinite(value)) {
            throw new WebMetric.Failed("JSONPath " + path + " matched " + Numbers.format(value) + ", not a finite number");
        }
        return value;
    }
}
