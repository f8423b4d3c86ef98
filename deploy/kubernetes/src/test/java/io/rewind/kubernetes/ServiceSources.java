package io.rewind.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a service reads, taken from its own sources, so the manifests cannot drift from the code: the environment
 * variables its configuration names ({@code ${REWIND_DB_URL:...}} in its application.properties and common's
 * microprofile-config.properties, or a key under one of its {@code @ConfigMapping} prefixes in environment form), and
 * the HTTP port it listens on by default.
 */
final class ServiceSources {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([a-z0-9.-]+)\"\\)");
    private static final Pattern PORT = Pattern.compile("(?m)^quarkus\\.http\\.port=\\$\\{[A-Z_]+:(\\d+)}");

    /** What the UBI OpenJDK image's run-java.sh reads (the JVM images); not the service's own configuration. */
    static final Set<String> JVM_IMAGE_VARIABLES = Set.of("JAVA_MAX_MEM_RATIO", "JAVA_INITIAL_MEM_RATIO",
            "JAVA_OPTS_APPEND", "JAVA_MAX_INITIAL_MEM");

    private final Set<String> variables = new HashSet<>();
    private final Set<String> prefixes = new HashSet<>();
    private final int port;

    ServiceSources(Path root, String service) {
        String properties = read(root.resolve(service).resolve("src/main/resources/application.properties"));
        String common = read(root.resolve("common/src/main/resources/META-INF/microprofile-config.properties"));
        for (String text : List.of(properties, common)) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                variables.add(m.group(1));
            }
        }
        for (Path sources : List.of(root.resolve(service).resolve("src/main/java"), root.resolve("common/src/main/java"))) {
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
                    Matcher m = MAPPING.matcher(read(file));
                    while (m.find()) {
                        prefixes.add(m.group(1).toUpperCase(Locale.ROOT).replaceAll("[.-]", "_") + "_");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Matcher port = PORT.matcher(properties);
        if (!port.find()) {
            throw new IllegalStateException(service + "'s application.properties sets no quarkus.http.port default");
        }
        this.port = Integer.parseInt(port.group(1));
    }

    boolean reads(String variable) {
        return variables.contains(variable) || JVM_IMAGE_VARIABLES.contains(variable)
                || prefixes.stream().anyMatch(prefix -> variable.startsWith(prefix) && variable.length() > prefix.length());
    }

    int port() {
        return port;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
