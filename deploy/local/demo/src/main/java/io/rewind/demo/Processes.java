package io.rewind.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every process the demo starts, so that it can stop exactly those, newest first, whatever happens: SIGTERM, a few
 * seconds' grace, then SIGKILL. Output goes to one log file per process.
 */
final class Processes implements AutoCloseable {

    private record Started(String name, Process process) {
    }

    private final Path logs;
    private final Deque<Started> started = new ArrayDeque<>();

    Processes(Path logs) throws IOException {
        this.logs = Files.createDirectories(logs);
    }

    /** Starts {@code command} with the current environment plus {@code env}, its output in {@code <name>.log}. */
    synchronized Process start(String name, List<String> command, Map<String, String> env, Path directory) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        started.push(new Started(name, process));
        return process;
    }

    Path log(String name) {
        return logs.resolve(name + ".log");
    }

    /** The last lines of a process' log, for an error message. */
    String tail(String name) {
        try {
            List<String> lines = Files.readAllLines(log(name));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops one process this started (SIGTERM, then SIGKILL after the grace period). */
    synchronized void stop(Process process) {
        started.removeIf(s -> s.process() == process);
        terminate(process);
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            terminate(started.pop().process());
        }
    }

    private static void terminate(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
