package io.rewind.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}, installed by deploy/local/install-deps) on a
 * free port of 127.0.0.1, clustering off, sending every group of alerts to one webhook with a bearer key read from a
 * credentials file: it waits 1 s before a group's first notification, and repeats a group still firing every
 * {@code repeatSeconds}. {@link #close()} stops it.
 */
public final class LocalAlertmanager implements AutoCloseable {

    private static final String BINARY = "/usr/bin/prometheus-alertmanager";

    private final Process process;
    private final int port;

    private LocalAlertmanager(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts Alertmanager sending to {@code webhookUrl} with {@code bearerKey}, and waits until it is ready. */
    public static LocalAlertmanager start(String webhookUrl, String bearerKey, int repeatSeconds) {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: run deploy/local/install-deps");
        }
        try {
            int port = LocalPrometheus.freePort();
            Path dir = Files.createTempDirectory("rewind-alertmanager");
            Path key = dir.resolve("rewind.key");
            Files.writeString(key, bearerKey);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            Path config = dir.resolve("alertmanager.yml");
            Files.writeString(config, """
                    route:
                      receiver: rewind
                      group_by: ['service']
                      group_wait: 1s
                      group_interval: 1s
                      repeat_interval: %ds
                    receivers:
                      - name: rewind
                        webhook_configs:
                          - url: '%s'
                            send_resolved: true
                            http_config:
                              authorization:
                                credentials_file: '%s'
                    """.formatted(repeatSeconds, webhookUrl, key));
            Path log = dir.resolve("alertmanager.log");
            Process process = new ProcessBuilder(BINARY, "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            LocalAlertmanager local = new LocalAlertmanager(process, port);
            try {
                LocalPrometheus.awaitReady(process, local.url() + "/-/ready", log, "alertmanager");
            } catch (IllegalStateException e) {
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
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
