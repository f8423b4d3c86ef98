package io.rewind.common.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class JsonPathsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Object tree(String json) throws Exception {
        return JSON.readValue(json, Object.class);
    }

    private static String failure(String json, String path) throws Exception {
        Object document = tree(json);
        return assertThrows(WebMetric.Failed.class, () -> JsonPaths.number(document, path)).getMessage();
    }

    @Test
    void readsTheValueOfEachApisShape() throws Exception {
        assertEquals(2.75, JsonPaths.number(tree(JsonApis.DATADOG), "$.series[0].pointlist[-1][1]"));
        assertEquals(1.5, JsonPaths.number(tree(JsonApis.NEW_RELIC), "$.data.actor.account.nrql.results[0].percentage"));
        assertEquals(165, JsonPaths.number(tree(JsonApis.SENTRY), JsonApis.SENTRY_ACCEPTED));
        assertEquals(2, JsonPaths.number(tree(JsonApis.SENTRY), "$.groups[0].series['sum(quantity)'].length()"));
        assertEquals(82.5, JsonPaths.number(tree(JsonApis.SENTRY), "$.groups[0].series['sum(quantity)'].avg()"));
        assertEquals(100, JsonPaths.number(tree(JsonApis.SENTRY), "$.groups[0].series['sum(quantity)'].max()"));
    }

    @Test
    void argosBracedFormNumericTextAndBooleansAreRead() throws Exception {
        assertEquals(1, JsonPaths.number(tree("{\"data\": {\"ok\": true}}"), "{$.data.ok}"));
        assertEquals(0, JsonPaths.number(tree("{\"data\": {\"ok\": false}}"), "$.data.ok"));
        assertEquals(0.25, JsonPaths.number(tree("{\"value\": [1700000000, \"0.25\"]}"), "$.value[1]"));
    }

    @Test
    void whatIsNotOneFiniteNumberIsSaidInWords() throws Exception {
        assertEquals("JSONPath $.data.missing matched nothing in the answer", failure("{\"data\": {}}", "$.data.missing"));
        assertEquals("JSONPath $.a[*] matched nothing in the answer", failure("{\"a\": []}", "$.a[*]"));
        assertEquals("JSONPath $.a[*] matched 2 values; it must match exactly one", failure("{\"a\": [1, 2]}", "$.a[*]"));
        assertEquals("JSONPath $.a matched the text 'high', not a number", failure("{\"a\": \"high\"}", "$.a"));
        assertEquals("JSONPath $.a matched an object, not a number: point it at one value", failure("{\"a\": {}}", "$.a"));
        assertEquals("JSONPath $.a matched an array, not a number: point it at one value", failure("{\"a\": [1]}", "$.a"));
        assertEquals("JSONPath $.a matched null, not a number", failure("{\"a\": null}", "$.a"));
        assertEquals("JSONPath $.a matched NaN, not a finite number", failure("{\"a\": \"NaN\"}", "$.a"));
    }

    @Test
    void badPathsAreRefusedBeforeUse() {
        assertNull(JsonPaths.problem("$.series[0].pointlist[-1][1]"));
        assertNull(JsonPaths.problem(JsonApis.SENTRY_ACCEPTED));
        String problem = JsonPaths.problem("$.a..");
        assertTrue(problem.startsWith("is not a JSONPath such as $.data.value"), problem);
        assertTrue(JsonPaths.problem("data.value").startsWith("is not a JSONPath"));
        assertTrue(JsonPaths.problem("$." + "a".repeat(600)).startsWith("must be at most"));
    }
}
