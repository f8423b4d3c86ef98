package io.rewind.local;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A container engine of the tests' own: Debian's podman serving the Docker-compatible API ({@code podman system
 * service}) on a unix socket in its own directory, with its own containers.conf and storage there, so it never sees a
 * developer's containers. Its containers.conf is what podman 4.3 needs on a machine without systemd: runc,
 * {@code cgroup_manager = "cgroupfs"}, no default ulimits. No registry is reached: images are made here, {@code podman
 * import} of a root file system holding Debian's static busybox, which serves {@code /www} over HTTP with a CGI page
 * saying the image's {@code VERSION} and the container's {@code GREETING}. Closing it removes every container and stops
 * the service by its pid.
 */
public final class LocalPodman implements AutoCloseable {

    public static final String REPOSITORY = "localhost/shop";

    private final Path dir;
    private final Path socket;
    private final Map<String, String> env;
    private final Process service;

    /**
     * An engine in a new directory {@code podman-<8 random characters>} in {@code parent}: keep it short, the API socket
     * lives there and a socket path must stay under 108 bytes.
     */
    public static LocalPodman under(Path parent) throws IOException, InterruptedException {
        return new LocalPodman(parent.toAbsolutePath().resolve("podman-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    private LocalPodman(Path home) throws IOException, InterruptedException {
        dir = Files.createDirectories(home);
        socket = dir.resolve("podman.sock");
        Files.writeString(dir.resolve("containers.conf"), """
                [containers]
                default_ulimits = []
                [engine]
                runtime = "runc"
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                tmp_dir = "%1$s/tmp"
                volume_path = "%1$s/volumes"
                [network]
                network_config_dir = "%1$s/networks"
                """.formatted(dir));
        Files.writeString(dir.resolve("storage.conf"), """
                [storage]
                driver = "vfs"
                graphroot = "%1$s/storage"
                runroot = "%1$s/run"
                """.formatted(dir));
        env = Map.of("CONTAINERS_CONF", dir.resolve("containers.conf").toString(), "CONTAINERS_STORAGE_CONF",
                dir.resolve("storage.conf").toString());
        ProcessBuilder builder = new ProcessBuilder(binary(), "system", "service", "--time=0", "unix://" + socket)
                .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
        builder.environment().putAll(env);
        service = builder.start();
        awaitSocket();
    }

    /** The podman program install-deps installed. */
    public static String binary() {
        for (String candidate : List.of("/usr/bin/podman", "/usr/local/bin/podman")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("podman is not installed: run deploy/local/install-deps");
    }

    private void awaitSocket() throws IOException, InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (!service.isAlive()) {
                throw new IllegalStateException("podman system service exited: " + Files.readString(dir.resolve("service.log")));
            }
            if (Files.exists(socket)) {
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    return;
                } catch (IOException notYet) {
                    // listening soon
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("podman system service did not listen on " + socket);
    }

    public Path socket() {
        return socket;
    }

    /** Runs podman with {@code args} on this engine's storage; its output, or an exception when it fails. */
    public String run(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(binary()));
        argv.addAll(List.of(args));
        return LocalProcess.run(argv, dir, env).strip();
    }

    /**
     * Makes image {@code localhost/shop:<tag>}: busybox's httpd on port 80, {@code VERSION=<tag>}, a {@code /health}
     * page unless {@code healthy} is false (its healthcheck then fails).
     */
    public String image(String tag, boolean healthy) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory(dir, "rootfs");
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "httpd", "wget", "sleep", "cat", "echo")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path cgi = Files.createDirectories(root.resolve("www/cgi-bin"));
        Files.writeString(cgi.resolve("answer"), "#!/bin/sh\necho 'Content-Type: text/plain'\necho\necho \"$VERSION "
                + "${GREETING:--}\"\n");
        cgi.resolve("answer").toFile().setExecutable(true, false);
        Files.writeString(root.resolve("www/index.html"), tag + "\n");
        if (healthy) {
            Files.writeString(root.resolve("www/health"), "ok\n");
        }
        Path tar = dir.resolve("rootfs-" + tag + ".tar");
        LocalProcess.run(List.of("tar", "-C", root.toString(), "-cf", tar.toString(), "."), dir, Map.of());
        return run("import", "--change", "CMD [\"/bin/httpd\", \"-f\", \"-p\", \"80\", \"-h\", \"/www\"]", "--change",
                "ENV VERSION=" + tag, "--change", "EXPOSE 80", tar.toString(), REPOSITORY + ":" + tag);
    }

    /** One field of {@code podman inspect} of a container, as a Go template such as {@code {{.Id}}}. */
    public String inspect(String container, String format) throws IOException, InterruptedException {
        return run("container", "inspect", "--format", format, container);
    }

    /** The names of every container on this engine, sorted. */
    public List<String> names() throws IOException, InterruptedException {
        String out = run("ps", "-a", "--format", "{{.Names}}");
        return out.isEmpty() ? List.of() : out.lines().sorted().toList();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run("rm", "--all", "--force", "--time", "0");
        } finally {
            service.destroy();
            service.waitFor();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
