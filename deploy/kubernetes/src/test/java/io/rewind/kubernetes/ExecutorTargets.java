package io.rewind.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * executor-service's targets file as the cluster would give it to the service, checked for what would stop its start or
 * fail a step only in the cluster: {@code REWIND_EXECUTOR_TARGETS_FILE} names a file of a mounted ConfigMap; the file
 * holds {@code targets: {name: {kind, description, spec}}} with kinds and spec fields the executor knows (read from its
 * own sources: {@code TargetKind}, {@code TargetSpecs} and each kind's record, so the file cannot drift from the code);
 * every secret is a reference, never a value; each {@code {file: ...}} reference is a key of a Secret mounted read-only
 * into the executor, each {@code {env: ...}} one a Secret sets; and each key of those mounted Secrets is referenced.
 */
final class ExecutorTargets {

    static final String VARIABLE = "REWIND_EXECUTOR_TARGETS_FILE";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern TARGET_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern KIND = Pattern.compile("(?m)^\\s+([A-Z_]+)\\(\"([a-z][a-z-]*)\"\\)");
    private static final Pattern READER = Pattern.compile("case\\s+([A-Z_]+)\\s*->\\s*(\\w+)\\.read\\(");
    /**
     * A spec field as the kind's record reads it: {@code spec.matching("url", true, ...)} (the flag: required),
     * {@code TargetSpec.secret(spec, "token", false)} (a secret reference), {@code Urls.read(spec, "url", ...)} (always
     * required).
     */
    private static final Pattern FIELD = Pattern.compile("(spec\\.(?!error\\b|errors\\b|path\\b|rejectUnknown\\b)\\w+\\("
            + "|(\\w+)\\.\\w+\\(spec,\\s*)\"([A-Za-z]+)\"(?:\\s*,\\s*(true|false))?");

    private ExecutorTargets() {
    }

    /** What one kind's spec may hold: each field, whether it is required, and which fields are secret references. */
    record SpecFields(Set<String> fields, Set<String> required, Set<String> secrets) {
    }

    /** The target kinds by id ({@code kubernetes}), with their fields, from executor-service's sources. */
    static Map<String, SpecFields> kinds(Path root) {
        Path sources = root.resolve("executor-service/src/main/java/io/rewind/executor");
        Map<String, String> idByConstant = new HashMap<>();
        Matcher kind = KIND.matcher(read(sources.resolve("TargetKind.java")));
        while (kind.find()) {
            idByConstant.put(kind.group(1), kind.group(2));
        }
        Map<String, SpecFields> kinds = new TreeMap<>();
        Matcher reader = READER.matcher(read(sources.resolve("target/TargetSpecs.java")));
        while (reader.find()) {
            String id = idByConstant.get(reader.group(1));
            if (id == null) {
                throw new IllegalStateException("TargetSpecs reads " + reader.group(1) + ", which TargetKind does not name");
            }
            Set<String> fields = new TreeSet<>();
            Set<String> required = new TreeSet<>();
            Set<String> secrets = new TreeSet<>();
            Matcher field = FIELD.matcher(read(sources.resolve("target/" + reader.group(2) + ".java")));
            while (field.find()) {
                String name = field.group(3);
                fields.add(name);
                // Urls.read takes no flag: a URL it reads is always required.
                if ("true".equals(field.group(4)) || "Urls".equals(field.group(2))) {
                    required.add(name);
                }
                if ("TargetSpec".equals(field.group(2))) {
                    secrets.add(name);
                }
            }
            if (fields.isEmpty()) {
                throw new IllegalStateException("no spec field found in " + reader.group(2)
                        + ".java: this test reads them from calls such as spec.matching(\"url\", true, ...)");
            }
            kinds.put(id, new SpecFields(fields, required, secrets));
        }
        if (kinds.isEmpty() || kinds.size() != idByConstant.size()) {
            throw new IllegalStateException("found target kinds " + idByConstant.keySet() + " in TargetKind.java but readers for "
                    + kinds.keySet() + " in TargetSpecs.java");
        }
        return kinds;
    }

    static void check(Rendered r, Map<String, SpecFields> kinds, List<String> problems) {
        Optional<Deployment> executor = r.find(Deployment.class, ManifestsTest.NAMESPACE, "executor-service");
        if (executor.isEmpty()) {
            return;
        }
        String at = "Deployment executor-service";
        PodSpec pod = executor.get().getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        Map<String, Volume> volumes = new HashMap<>();
        Optional.ofNullable(pod.getVolumes()).orElse(List.of()).forEach(v -> volumes.put(v.getName(), v));
        List<VolumeMount> mounts = Optional.ofNullable(container.getVolumeMounts()).orElse(List.of());
        Map<String, EnvVar> env = new HashMap<>();
        Optional.ofNullable(container.getEnv()).orElse(List.of()).forEach(e -> env.put(e.getName(), e));

        EnvVar variable = env.get(VARIABLE);
        if (variable == null || variable.getValue() == null || !variable.getValue().startsWith("/")) {
            problems.add(at + ": " + VARIABLE + " must be set to the absolute path of the mounted targets file");
            return;
        }
        Optional<String> content = mountedFile(r, variable.getValue(), mounts, volumes, ConfigMap.class);
        if (content.isEmpty()) {
            problems.add(at + ": " + VARIABLE + "=" + variable.getValue() + " is no key of a ConfigMap mounted read-only there:"
                    + " executor-service would stop at start, unable to read it");
            return;
        }
        JsonNode file;
        try {
            file = YAML.readTree(content.get());
        } catch (IOException e) {
            problems.add(at + ": the targets file does not parse as YAML: " + e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        JsonNode targets = file == null ? null : file.get("targets");
        if (targets == null || !targets.isObject() || targets.isEmpty()) {
            problems.add(at + ": the targets file must hold a non-empty object 'targets' of name to {kind, description, spec}");
            return;
        }
        Set<String> referencedFiles = new HashSet<>();
        targets.properties().forEach(entry -> {
            String where = "targets file, target " + entry.getKey();
            target(entry.getKey(), entry.getValue(), where, kinds, problems).forEach((field, reference) -> {
                if (reference.has("file")) {
                    String path = reference.path("file").asText();
                    referencedFiles.add(path);
                    if (mountedFile(r, path, mounts, volumes, Secret.class).isEmpty()) {
                        problems.add(where + ": " + field + " reads the file " + path + ", which is no key of a Secret mounted"
                                + " read-only into executor-service");
                    }
                } else {
                    String name = reference.path("env").asText();
                    EnvVar set = env.get(name);
                    if (set == null || set.getValueFrom() == null || set.getValueFrom().getSecretKeyRef() == null) {
                        problems.add(where + ": " + field + " reads the variable " + name
                                + ", which executor-service's container does not set from a Secret");
                    }
                }
            });
        });
        for (VolumeMount mount : mounts) {
            Volume volume = volumes.get(mount.getName());
            if (volume == null || volume.getSecret() == null) {
                continue;
            }
            r.find(Secret.class, ManifestsTest.NAMESPACE, volume.getSecret().getSecretName()).ifPresent(secret -> {
                for (String key : Rendered.entries(secret).keySet()) {
                    String path = mount.getMountPath() + "/" + fileOf(key, volume.getSecret().getItems());
                    if (!referencedFiles.contains(path)) {
                        problems.add("Secret " + secret.getMetadata().getName() + " key " + key + " is mounted at " + path
                                + " but no target references it: a misspelt reference, or a secret nothing needs");
                    }
                }
            });
        }
    }

    /** Checks one target; returns its secret references by field. */
    private static Map<String, JsonNode> target(String name, JsonNode target, String where, Map<String, SpecFields> kinds,
            List<String> problems) {
        Map<String, JsonNode> references = new TreeMap<>();
        if (!TARGET_NAME.matcher(name).matches()) {
            problems.add(where + ": the name must be a DNS label (lower-case letters, digits, '-')");
        }
        if (!target.isObject()) {
            problems.add(where + ": must be an object {kind, description, spec}");
            return references;
        }
        target.properties().forEach(property -> {
            String field = property.getKey();
            if (!Set.of("kind", "description", "spec").contains(field)) {
                problems.add(where + ": unknown field " + field + " (a target has kind, description and spec)");
            }
        });
        SpecFields fields = kinds.get(target.path("kind").asText());
        if (fields == null) {
            problems.add(where + ": kind " + target.path("kind") + " is none of " + kinds.keySet());
            return references;
        }
        JsonNode spec = target.get("spec");
        if (spec == null || !spec.isObject()) {
            problems.add(where + ": spec must be an object");
            return references;
        }
        spec.properties().forEach(property -> {
            String field = property.getKey();
            if (!fields.fields().contains(field)) {
                problems.add(where + ": spec." + field + " is no field of a " + target.path("kind").asText() + " target "
                        + fields.fields());
            }
        });
        for (String field : fields.required()) {
            if (spec.path(field).isMissingNode() || spec.path(field).isNull()) {
                problems.add(where + ": spec." + field + " is required");
            }
        }
        for (String field : fields.secrets()) {
            JsonNode value = spec.get(field);
            if (value == null) {
                continue;
            }
            boolean reference = value.isObject() && value.size() == 1 && (value.path("file").isTextual()
                    || value.path("env").isTextual());
            if (!reference) {
                problems.add(where + ": spec." + field + " must be a secret reference, {file: /etc/rewind/secrets/<key>} or"
                        + " {env: NAME}: a value here would sit in a ConfigMap that every reader of the namespace sees");
            } else if (value.has("env") && value.path("env").asText().toUpperCase(Locale.ROOT).matches("(REWIND|QUARKUS)_.*")) {
                problems.add(where + ": spec." + field + " names one of Rewind's own settings, which the executor refuses");
            } else {
                references.put("spec." + field, value);
            }
        }
        // References one level down: a web target's headers ({"DD-API-KEY": {"file": ...}}) must be mounted too.
        spec.properties().forEach(property -> {
            if (!fields.secrets().contains(property.getKey()) && property.getValue().isObject()) {
                property.getValue().properties().forEach(inner -> {
                    JsonNode value = inner.getValue();
                    if (value.isObject() && value.size() == 1 && (value.path("file").isTextual() || value.path("env").isTextual())) {
                        references.put("spec." + property.getKey() + "." + inner.getKey(), value);
                    }
                });
            }
        });
        return references;
    }

    /**
     * The content of {@code path} as a read-only mount of a {@code type} volume gives it: the mount whose directory holds
     * it, the key the file name maps to (through the volume's items, if any), that key's value. Empty when none does.
     */
    private static Optional<String> mountedFile(Rendered r, String path, List<VolumeMount> mounts, Map<String, Volume> volumes,
            Class<? extends HasMetadata> type) {
        for (VolumeMount mount : mounts) {
            String directory = mount.getMountPath().endsWith("/") ? mount.getMountPath() : mount.getMountPath() + "/";
            if (!path.startsWith(directory) || mount.getSubPath() != null || !Boolean.TRUE.equals(mount.getReadOnly())) {
                continue;
            }
            String file = path.substring(directory.length());
            Volume volume = volumes.get(mount.getName());
            if (volume == null) {
                continue;
            }
            String name;
            List<KeyToPath> items;
            if (type == ConfigMap.class && volume.getConfigMap() != null) {
                name = volume.getConfigMap().getName();
                items = volume.getConfigMap().getItems();
            } else if (type == Secret.class && volume.getSecret() != null) {
                name = volume.getSecret().getSecretName();
                items = volume.getSecret().getItems();
            } else {
                continue;
            }
            Optional<? extends HasMetadata> source = r.find(type, ManifestsTest.NAMESPACE, name);
            if (source.isEmpty()) {
                continue;
            }
            Map<String, String> entries = Rendered.entries(source.get());
            for (String key : entries.keySet()) {
                if (fileOf(key, items).equals(file)) {
                    return Optional.of(entries.get(key));
                }
            }
        }
        return Optional.empty();
    }

    /** The file name a key gets in a ConfigMap or Secret volume: its own, or the path its item maps it to. */
    private static String fileOf(String key, List<KeyToPath> items) {
        if (items == null || items.isEmpty()) {
            return key;
        }
        return items.stream().filter(i -> key.equals(i.getKey())).map(KeyToPath::getPath).findFirst().orElse("\0unmapped");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
