package io.rewind.executor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.rewind.local.LocalProcess;

/**
 * A small Node application in a real Git working copy, deployed the traditional way: branch {@code main} with two
 * release tags, {@code v1} and {@code v2} (checked out), each answering HTTP with its own version, what its install
 * command wrote ({@code installed.txt}, the package version) and its {@code GREETING} variable. The port is in an
 * ignored file {@code port}, so it survives checkouts. The install command, {@link #INSTALL}, runs the release's own
 * {@code install.js}, as {@code npm ci} runs a package's scripts.
 */
public final class GitApp {

    public static final List<String> INSTALL = List.of("node", "install.js");

    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public GitApp() throws IOException, InterruptedException {
        dir = Files.createDirectories(Path.of("target").toAbsolutePath().resolve("host-app-" + UUID.randomUUID()
                .toString().substring(0, 8)));
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("port"), String.valueOf(port));
        Files.writeString(dir.resolve(".gitignore"), "installed.txt\nport\nnode_modules/\n");
        git("init", "--quiet", "--initial-branch=main");
        release("v1", "1.0.0", "require('fs').writeFileSync('installed.txt', require('./package.json').version);\n");
        release("v2", "2.0.0", "require('fs').writeFileSync('installed.txt', require('./package.json').version);\n");
    }

    /** Commits a release answering {@code tag} with {@code install} as its install script, and tags it. */
    public void release(String tag, String version, String install) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("package.json"), "{\"name\": \"shop\", \"version\": \"" + version + "\", \"private\": true}\n");
        Files.writeString(dir.resolve("install.js"), install);
        Files.writeString(dir.resolve("server.js"), """
                const fs = require('fs');
                const port = Number(fs.readFileSync(__dirname + '/port', 'utf8'));
                const installed = fs.existsSync(__dirname + '/installed.txt')
                    ? fs.readFileSync(__dirname + '/installed.txt', 'utf8').trim() : 'not-installed';
                require('http').createServer((req, res) => res.end('%s ' + installed + ' ' + (process.env.GREETING || '-')))
                    .listen(port, '127.0.0.1');
                """.formatted(tag));
        git("add", "-A");
        git("-c", "user.name=Release", "-c", "user.email=release@example.com", "commit", "--quiet", "-m", "Release " + tag);
        git("-c", "user.name=Release", "-c", "user.email=release@example.com", "tag", "-a", tag, "-m", tag);
    }

    public Path dir() {
        return dir;
    }

    public Path server() {
        return dir.resolve("server.js");
    }

    /** Runs the release's install script, as the deployment did before the app was started. */
    public void install() throws IOException, InterruptedException {
        run(List.of("node", "install.js"));
    }

    public String git(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        return run(argv).strip();
    }

    public String head() throws IOException, InterruptedException {
        return git("rev-parse", "HEAD");
    }

    public String commitOf(String tag) throws IOException, InterruptedException {
        return git("rev-parse", tag + "^{commit}");
    }

    /** The branch checked out, or "HEAD" when detached. */
    public String branch() throws IOException, InterruptedException {
        return git("rev-parse", "--abbrev-ref", "HEAD");
    }

    private String run(List<String> argv) throws IOException, InterruptedException {
        return LocalProcess.run(argv, dir, Map.of());
    }

    /** What the app answers now, or null when it does not answer. */
    public String answer() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Waits (patiently, not timed) until the app answers {@code expected}; what it last answered otherwise. */
    public String awaitAnswer(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = answer();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = answer();
        }
        return last;
    }
}
