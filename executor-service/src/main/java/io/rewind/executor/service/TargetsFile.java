package io.rewind.executor.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;

import io.rewind.common.problem.Problem;
import io.rewind.executor.config.ExecutorConfig;

/**
 * Loads the targets file ({@code rewind.executor.targets-file}) at start, so targets can live in Git and reach a cluster
 * as a mounted ConfigMap. YAML or JSON:
 *
 * <pre>
 * targets:
 *   shop-cluster:
 *     kind: kubernetes
 *     description: the shop's namespace in the production cluster
 *     spec: {namespaces: [shop]}
 * </pre>
 *
 * A file with a mistake stops the start with every mistake named: running with half of what an admin wrote would make
 * steps fail later, in the middle of an incident, for a reason nobody sees.
 */
@ApplicationScoped
public class TargetsFile {

    private static final Logger LOG = Logger.getLogger(TargetsFile.class);

    private final ExecutorConfig config;
    private final TargetService targets;

    public TargetsFile(ExecutorConfig config, TargetService targets) {
        this.config = config;
        this.targets = targets;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (config.targetsFile().isEmpty()) {
            return;
        }
        Path file = Path.of(config.targetsFile().get());
        Map<String, TargetService.Valid> valid = read(file);
        int loaded = VertxContextSupport.subscribeAndAwait(() -> targets.loadFile(valid, "file:" + file));
        LOG.infof("loaded %d targets from %s", loaded, file);
    }

    /** The file's targets, validated; an exception naming every mistake otherwise. */
    static Map<String, TargetService.Valid> read(Path file) {
        JsonNode root;
        try {
            ObjectMapper mapper = file.toString().endsWith(".json")
                    ? JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build()
                    : YAMLMapper.builder(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
            root = mapper.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the targets file " + file + ": " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.get("targets");
        if (list == null || !list.isObject()) {
            throw new IllegalStateException("the targets file " + file + " must hold an object 'targets' of target name to"
                    + " {kind, description, spec}");
        }
        ObjectMapper json = new ObjectMapper();
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, TargetService.Valid> valid = new LinkedHashMap<>();
        list.fields().forEachRemaining(entry -> {
            String at = "targets." + entry.getKey();
            TargetService.Definition definition;
            try {
                definition = json.treeToValue(entry.getValue(), TargetService.Definition.class);
            } catch (IOException | IllegalArgumentException e) {
                errors.add(new Problem.FieldError(at, "must be an object {kind, description, spec}"));
                return;
            }
            TargetService.Valid target = TargetService.validate(entry.getKey(), definition, at, errors);
            if (target != null) {
                valid.put(entry.getKey(), target);
            }
        });
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the targets file " + file + " is not valid: " + String.join("; ",
                    errors.stream().map(e -> e.field() + " " + e.message()).toList()));
        }
        return valid;
    }
}
