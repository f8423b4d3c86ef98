package io.rewind.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A PM2 daemon of one's own: {@code pm2} as deploy/local/install-deps installs it under {@code .rewind/tools/pm2}, with
 * its own {@code PM2_HOME}, so it never sees (or is seen by) a developer's own PM2. Closing it runs {@code pm2 kill} with
 * that home, which stops the daemon and every process it runs.
 */
public final class LocalPm2 implements AutoCloseable {

    public static final String INSTALLATION = ".rewind/tools/pm2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;

    private LocalPm2(Path home) throws IOException {
        this.home = Files.createDirectories(home.toAbsolutePath());
    }

    /**
     * A PM2 whose home is a new directory {@code pm2-<8 random characters>} in {@code parent}: short, as PM2 puts its
     * Unix sockets there and a socket path must stay under 108 bytes.
     */
    public static LocalPm2 under(Path parent) throws IOException {
        return new LocalPm2(parent.resolve("pm2-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    /** The pm2 program that install-deps installed. */
    public static Path binary() {
        return LocalProcess.findUpwards(INSTALLATION + "/node_modules/.bin/pm2", "deploy/local/install-deps");
    }

    public Path home() {
        return home;
    }

    /** Runs pm2 with {@code args} in {@code dir}; its output, or an exception when it fails. */
    public String run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(binary().toString()));
        argv.addAll(List.of(args));
        return LocalProcess.run(argv, dir, Map.of("PM2_HOME", home.toString()));
    }

    /** Starts {@code script} under {@code name}, in the script's directory. */
    public void start(Path script, String name) throws IOException, InterruptedException {
        run(script.getParent(), "start", script.toString(), "--name", name);
    }

    /** A process as {@code pm2 jlist} shows it. */
    public record Instance(long pid, String status, long restarts) {
    }

    /** The instance of {@code name}; null when PM2 does not run it. */
    public Instance instance(String name) throws IOException, InterruptedException {
        for (JsonNode process : list()) {
            if (process.path("name").asText().equals(name)) {
                return new Instance(process.path("pid").asLong(), process.path("pm2_env").path("status").asText(),
                        process.path("pm2_env").path("restart_time").asLong());
            }
        }
        return null;
    }

    /** Every process name PM2 runs. */
    public List<String> names() throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        list().forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    private JsonNode list() throws IOException, InterruptedException {
        String out = run(home, "jlist");
        return JSON.readTree(out.substring(out.indexOf('[')));
    }

    /** The part of a host target's spec that points at this PM2. */
    public Map<String, Object> spec() {
        return Map.of("pm2Binary", binary().toString(), "pm2Home", home.toString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(home, "kill");
    }
}
