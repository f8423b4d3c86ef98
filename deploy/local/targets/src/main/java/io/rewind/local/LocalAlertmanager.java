package io.rewind.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}, installed by deploy/local/install-deps) on
 * 127.0.0.1, clustering off, sending every group of alerts to one webhook with a bearer key read from a credentials file
 * of mode 600, as a team configures it: it waits 1 s before a group's first notification. {@link #close()} stops it.
 */
public final class LocalAlertmanager implements AutoCloseable {

    public static final String BINARY = "/usr/bin/prometheus-alertmanager";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final LocalProcess process;
    private final int port;

    private LocalAlertmanager(LocalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Sends to {@code webhookUrl} with {@code bearerKey} (written to a file), grouping by service, notifying a changed
     * group after 1 s and repeating a group still firing every {@code repeatSeconds}; in a temporary directory.
     */
    public static LocalAlertmanager start(String webhookUrl, String bearerKey, int repeatSeconds) {
        try {
            Path home = Files.createTempDirectory("rewind-alertmanager");
            Path key = home.resolve("rewind.key");
            Files.writeString(key, bearerKey);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            return start(home, LocalProcess.freePort(), webhookUrl, key, List.of("service"), Duration.ofSeconds(1),
                    Duration.ofSeconds(repeatSeconds));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends to {@code webhookUrl} with the key in {@code credentialsFile}, grouping by {@code groupBy}, on {@code port},
     * its configuration and data under {@code home}; waits until ready.
     */
    public static LocalAlertmanager start(Path home, int port, String webhookUrl, Path credentialsFile, List<String> groupBy,
            Duration groupInterval, Duration repeat) {
        LocalProcess.requireExecutable(Path.of(BINARY), "deploy/local/install-deps");
        try {
            Files.createDirectories(home);
            Path config = home.resolve("alertmanager.yml");
            Files.writeString(config, """
                    route:
                      receiver: rewind
                      group_by: [%s]
                      group_wait: 1s
                      group_interval: %ds
                      repeat_interval: %ds
                    receivers:
                      - name: rewind
                        webhook_configs:
                          - url: '%s'
                            send_resolved: true
                            http_config:
                              authorization:
                                credentials_file: '%s'
                    """.formatted(groupBy.stream().map(g -> "'" + g + "'").collect(Collectors.joining(", ")),
                    groupInterval.toSeconds(), repeat.toSeconds(), webhookUrl, credentialsFile));
            LocalProcess process = LocalProcess.start("alertmanager", List.of(BINARY, "--config.file=" + config,
                    "--storage.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address="), Map.of(), home, home.resolve("alertmanager.log"));
            LocalAlertmanager local = new LocalAlertmanager(process, port);
            try {
                process.awaitHttpOk(local.url() + "/-/ready", PATIENCE);
            } catch (RuntimeException e) {
                local.close();
                throw e;
            }
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:port}, as Prometheus' alerting configuration names it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public String url() {
        return "http://" + address();
    }

    @Override
    public void close() {
        process.close();
    }
}
