package io.rewind.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;

/**
 * {@code deploy/local/rewind demo}: plays one incident end to end and prints the story with its timings. Everything it
 * starts (PostgreSQL, the shop, nginx, Prometheus, Unleash, the four services) runs on 127.0.0.1 under
 * {@code .rewind/demo/} and is stopped before it exits, whether the story succeeded or not; the logs stay in
 * {@code .rewind/demo/logs}. Exits 1 when any step fails.
 *
 * <p>Usage: {@code java -jar rewind-demo.jar [--kubernetes | --host] [--root <repository>]}. {@code --kubernetes} plays the
 * Kubernetes plan (undo, scale, switch Service) against fabric8's mock API server instead of the real targets;
 * {@code --host} rolls back a Node app in a Git working copy under a real PM2 (seed 004's PM2/systemd).
 */
public final class Demo {

    /** Which story is played. */
    public enum Variant {
        SHOP, KUBERNETES, HOST
    }

    private Demo() {
    }

    public static void main(String[] args) {
        Variant variant = Variant.SHOP;
        Path root = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kubernetes" -> variant = Variant.KUBERNETES;
                case "--host" -> variant = Variant.HOST;
                case "--root" -> root = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: rewind-demo [--kubernetes | --host] [--root <repository>]");
                    System.exit(2);
                }
            }
        }
        try {
            Path repository = root == null ? findRoot() : root.toAbsolutePath();
            run(repository, repository.resolve(".rewind/demo"), variant, System.out, outcome -> {
            });
            System.exit(0);
        } catch (Exception e) {
            System.out.flush();
            System.err.println();
            System.err.println("DEMO FAILED: " + (e instanceof Rest.Failure ? e.getMessage() : e.toString()));
            System.err.println("logs: .rewind/demo/logs/");
            System.exit(1);
        }
    }

    /**
     * Plays the story with its state under {@code work}; {@code beforeTeardown} sees the outcome while every process still runs (the end-to-end test
     * asserts there), then everything is stopped.
     */
    public static void run(Path root, Path work, Variant variant, PrintStream out, Consumer<Object> beforeTeardown)
            throws Exception {
        for (String leftOver : new String[] {"pgdata", "backups", "nginx", "prometheus", "logs", "shop-host"}) {
            deleteRecursively(work.resolve(leftOver));
        }
        Files.createDirectories(work);
        Narrator story = new Narrator(out);
        Processes processes = new Processes(work.resolve("logs"));
        LocalTargets targets = new LocalTargets(root, work, processes);
        Thread interrupted = new Thread(() -> {
            processes.close();
            try {
                targets.close();
            } catch (IOException e) {
                // stopping anyway
            }
        }, "demo-stop");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            Suite suite = new Suite(root, work, processes);
            Object outcome;
            outcome = switch (variant) {
                case KUBERNETES -> new KubernetesIncident(story, targets, suite).play();
                case HOST -> new HostIncident(story, targets, suite, work).play();
                case SHOP -> new ShopIncident(story, targets, suite,
                        root.resolve("deploy/local/sample-app/target/rewind-sample-app.jar")).play();
            };
            beforeTeardown.accept(outcome);
            story.chapter("Done in " + Narrator.seconds(story.elapsed()) + "; stopping everything the demo started");
        } finally {
            processes.close();
            targets.close();
            // The peers' logs are kept with the services' before their scratch directories go.
            for (String[] log : new String[][] {{"nginx/logs/error.log", "nginx.log"},
                    {"prometheus/prometheus.log", "prometheus.log"}, {"alertmanager/alertmanager.log", "alertmanager.log"}}) {
                if (Files.exists(work.resolve(log[0]))) {
                    Files.move(work.resolve(log[0]), work.resolve("logs").resolve(log[1]), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (String scratch : new String[] {"pgdata", "backups", "nginx", "prometheus", "alertmanager", "shop-host"}) {
                deleteRecursively(work.resolve(scratch));
            }
            for (String secret : new String[] {"shop.password", "unleash.token", "alertmanager.key",
                    "slack-webhook.url"}) {
                Files.deleteIfExists(work.resolve(secret));
            }
            Runtime.getRuntime().removeShutdownHook(interrupted);
        }
    }

    /** The repository: the nearest directory above the working one that holds deploy/local/rewind. */
    static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/rewind"))) {
                return dir;
            }
        }
        throw new Rest.Failure("run it inside the Rewind repository, or pass --root");
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
