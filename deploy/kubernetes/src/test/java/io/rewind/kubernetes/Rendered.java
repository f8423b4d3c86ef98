package io.rewind.kubernetes;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * One kustomization as {@code kubectl kustomize} renders it, each document read into fabric8's typed model class for
 * its apiVersion and kind. A document whose kind fabric8 does not know, or that does not bind to its class (a string
 * where a number belongs, a list where an object belongs), is a problem; fields the class does not know are found
 * afterwards by {@link UnknownFields}.
 */
record Rendered(String kustomization, List<HasMetadata> objects, List<String> problems) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Rendered render(Path root, String kustomization) {
        String yaml = kustomize(root.resolve(kustomization));
        List<HasMetadata> objects = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int index = 0;
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                index++;
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String where = "document " + index + " (" + document.path("kind").asText("?") + " "
                        + document.path("metadata").path("name").asText("?") + ")";
                try {
                    Object typed = SERIALIZATION.unmarshal(document.toString());
                    if (typed instanceof GenericKubernetesResource || !(typed instanceof HasMetadata)) {
                        problems.add(where + ": apiVersion " + document.path("apiVersion").asText() + " kind "
                                + document.path("kind").asText() + " is no Kubernetes kind the model knows");
                        continue;
                    }
                    HasMetadata object = (HasMetadata) typed;
                    UnknownFields.in(object).forEach(path -> problems.add(where + ": unknown field " + path));
                    objects.add(object);
                } catch (RuntimeException e) {
                    problems.add(where + ": does not bind to its Kubernetes type: " + rootCause(e));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kubectl kustomize " + kustomization + " printed YAML that does not parse", e);
        }
        return new Rendered(kustomization, objects, problems);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
        return all(type).stream()
                .filter(o -> name.equals(o.getMetadata().getName()) && namespace.equals(o.getMetadata().getNamespace()))
                .findFirst();
    }

    /** A ConfigMap's or Secret's entries as text (Secrets decoded). */
    static Map<String, String> entries(HasMetadata object) {
        if (object instanceof ConfigMap configMap) {
            return configMap.getData() == null ? Map.of() : configMap.getData();
        }
        Secret secret = (Secret) object;
        Map<String, String> entries = new java.util.HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> entries.put(k, new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            entries.putAll(secret.getStringData());
        }
        return entries;
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage().lines().findFirst().orElse("");
    }

    /**
     * kubectl from the PATH, else the one deploy/local/install-deps puts under .rewind/tools (or $REWIND_TOOLS).
     */
    static Path kubectl(Path root) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "kubectl"))) {
                return Path.of(dir, "kubectl");
            }
        }
        String tools = System.getenv("REWIND_TOOLS");
        Path installed = (tools == null || tools.isBlank() ? root.resolve(".rewind/tools") : Path.of(tools))
                .resolve("kubectl/kubectl");
        if (Files.isExecutable(installed)) {
            return installed;
        }
        throw new IllegalStateException("no kubectl on the PATH nor at " + installed
                + ": run deploy/local/install-deps, which installs one there");
    }

    private static String kustomize(Path dir) {
        Path root = Path.of(System.getProperty("rewind.root", "../..")).toAbsolutePath().normalize();
        try {
            Process process = new ProcessBuilder(kubectl(root).toString(), "kustomize", dir.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String stdout = read(process.getInputStream());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "): "
                        + stderr.join().strip());
            }
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
