package io.rewind.executor.action;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.executor.StepKind;
import io.rewind.executor.config.ExecutorConfig;
import io.rewind.executor.params.NginxSwitchUpstreamParams;
import io.rewind.executor.target.NginxTarget;

/**
 * {@code nginx.switchUpstream}: blue/green behind nginx. The include file's content (and its SHA-256) is the
 * before-state. The new content is written to a temporary file in the same directory and moved over the old one in one
 * atomic rename, so nginx never reads half a file; then {@code nginx -t} checks the whole configuration and, only if it
 * passes, {@code nginx -s reload} makes the master start new workers while the old ones finish their requests. When the
 * test (or the reload) fails, the old bytes are put back and the step fails with nginx's own message: nothing changed.
 *
 * <p>A step resumed after its worker died finds the new content already in place. If the file held it before the step
 * (its snapshot says so) there is nothing to do; if this step wrote it, the earlier attempt may have died before the
 * reload, so it tests and reloads again, which nginx does without dropping a request.
 *
 * <p>Content is compared without comments and with whitespace collapsed, so a hand-written file that already says the
 * same is not rewritten. Commands run from a fixed argument list, never through a shell, each bounded by
 * {@code rewind.executor.nginx.command-timeout}.
 *
 * <p>Where and with what come from the step's {@code nginx} target only: the binary, its {@code -p} and {@code -c}, and
 * the include file; the step gives only the upstream ({@link NginxSwitchUpstreamParams}). The include file is resolved
 * once per call (an admin's symbolic link is followed to the file it points to, and the link stays) and only that
 * resolved file is read, replaced and put back. Compensation writes the recorded content back only into the include
 * file it was read from: if an admin has since pointed the target at another file, it refuses rather than write one
 * file's content into another.
 */
@ApplicationScoped
public class NginxSwitchUpstreamAction implements StepAction {

    /** An include file is a few lines; anything far larger is not the file a plan means. */
    private static final int MAX_FILE_SIZE = 256 * 1024;
    private static final int MAX_MESSAGE = 2_000;

    private final ExecutorConfig config;

    public NginxSwitchUpstreamAction(ExecutorConfig config) {
        this.config = config;
    }

    @Override
    public StepKind kind() {
        return StepKind.NGINX_SWITCH_UPSTREAM;
    }

    @Override
    public boolean canCompensate() {
        return true;
    }

    private static NginxTarget target(StepContext context) {
        return context.target(NginxTarget.class);
    }

    /** The include file as the target names it; a symbolic link stays one. */
    private static Path file(StepContext context) {
        return Path.of(target(context).includeFile());
    }

    private static String wanted(StepContext context) {
        return contentFor(context.params(NginxSwitchUpstreamParams.class));
    }

    /** The include file as this step writes it for {@code upstream}. */
    static String contentFor(NginxSwitchUpstreamParams upstream) {
        StringBuilder text = new StringBuilder("# Written by Rewind (nginx.switchUpstream); the next switch replaces it.\n");
        if (upstream.servers() != null) {
            upstream.servers().forEach(server -> text.append("server ").append(server).append(";\n"));
        } else {
            text.append("proxy_pass http://").append(upstream.upstreamName()).append(";\n");
        }
        return text.toString();
    }

    /** The directives of an nginx file: comments dropped, whitespace collapsed. */
    static String directives(String content) {
        StringBuilder text = new StringBuilder();
        for (String line : content.split("\n", -1)) {
            int hash = line.indexOf('#');
            text.append(hash >= 0 ? line.substring(0, hash) : line).append(' ');
        }
        return text.toString().replaceAll("\\s+", " ").strip();
    }

    /** The include file's bytes now; fails the step when it is missing, not a regular file, too large or not text. */
    private static byte[] read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                // A FIFO or a device would block the read or is not what an admin meant; a directory cannot be replaced.
                throw new StepFailure(Files.exists(file) ? file + " is not a regular file: not an upstream include file"
                        : file + " does not exist: the include file must be there before it can be switched");
            }
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new StepFailure(file + " is larger than " + MAX_FILE_SIZE / 1024 + " KiB: not an upstream include file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new StepFailure(file + " does not exist: the include file must be there before it can be switched");
        } catch (IOException e) {
            throw new StepFailure("could not read " + file + ": " + e.getMessage());
        }
    }

    private static String text(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new StepFailure(file + " is not UTF-8 text");
        }
    }

    private static Map<String, Object> state(Path file, String content) {
        return Map.of("includeFile", file.toString(), "content", content,
                "sha256", Hashes.sha256(content));
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        Path file = file(context);
        return state(file, text(file, read(file)));
    }

    @Override
    public Preview dryRun(StepContext context) {
        Path file = file(context);
        String now = text(file, read(file));
        String wanted = wanted(context);
        boolean same = directives(now).equals(directives(wanted));
        return new Preview(state(file, now), state(file, same ? now : wanted), same
                ? file + " already says '" + directives(wanted) + "': nothing to change"
                : "would rewrite " + file + " from '" + directives(now) + "' to '" + directives(wanted)
                        + "', then run nginx -t and, if it passes, reload nginx");
    }

    @Override
    public Outcome apply(StepContext context) {
        String wanted = wanted(context);
        Object before = context.recorded("content");
        boolean heldBefore = before instanceof String text && directives(text).equals(directives(wanted));
        return switchTo(context, wanted, heldBefore, before instanceof String text ? text : null);
    }

    /**
     * Puts {@code wanted} in place, tests and reloads. {@code alreadyLive}: the file held it before the step began, so
     * finding it there means nginx already runs with it. {@code recorded}: what to put back when an earlier attempt
     * already wrote {@code wanted} and nginx now rejects it (null: nothing).
     */
    private Outcome switchTo(StepContext context, String wanted, boolean alreadyLive, String recorded) {
        NginxTarget target = target(context);
        Path file = resolved(file(context));
        byte[] current = read(file);
        String now = text(file, current);
        boolean inPlace = directives(now).equals(directives(wanted));
        byte[] old = !inPlace ? current : recorded == null ? null : recorded.getBytes(StandardCharsets.UTF_8);
        if (inPlace && alreadyLive) {
            return new Outcome.Done(state(file(context), now),
                    file(context) + " already says '" + directives(wanted) + "': nothing to change");
        }
        if (!inPlace) {
            write(file, wanted.getBytes(StandardCharsets.UTF_8));
        }
        Result test = nginx(target, "-t");
        if (!test.ok()) {
            if (old != null) {
                write(file, old);
            }
            throw new StepFailure("nginx -t rejected the new " + file(context) + (old == null ? "" : ", so the old one was put back")
                    + ": " + test.output());
        }
        Result reload = nginx(target, "-s", "reload");
        if (!reload.ok()) {
            if (old != null) {
                write(file, old);
                // The old file is back; a reload the master did get must not keep the new one either.
                nginx(target, "-s", "reload");
            }
            throw new StepFailure("nginx -s reload failed" + (old == null ? "" : ", so the old " + file(context) + " was put back")
                    + ": " + reload.output());
        }
        String after = inPlace ? now : wanted;
        return new Outcome.Done(state(file(context), after), (inPlace
                ? "found " + file(context) + " already rewritten by an earlier attempt; "
                : "rewrote " + file(context) + " from '" + directives(now) + "' to '" + directives(wanted) + "'; ")
                + "nginx -t passed and nginx reloaded");
    }

    /** A symbolic link is followed, so the file it points to is replaced and the link stays. */
    private static Path resolved(Path file) {
        try {
            return file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new StepFailure(file + " does not exist: the include file must be there before it can be switched");
        } catch (IOException e) {
            throw new StepFailure("could not resolve " + file + ": " + e.getMessage());
        }
    }

    /** Replaces {@code file} with {@code bytes} in one rename, keeping its permissions. */
    private static void write(Path file, byte[] bytes) {
        Path temp = null;
        try {
            temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".rewind");
            Files.write(temp, bytes);
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null) {
                Set<PosixFilePermission> permissions = view.readAttributes().permissions();
                Files.setPosixFilePermissions(temp, permissions);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new StepFailure("cannot replace " + file + " atomically: " + e.getMessage());
            }
            temp = null;
        } catch (IOException e) {
            throw new StepFailure("could not write " + file + ": " + e.getMessage());
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // A stray hidden temporary file is harmless; nginx includes only the named file.
                }
            }
        }
    }

    private record Result(boolean ok, String output) {
    }

    /** Runs the target's nginx with its {@code -p} and {@code -c} and {@code args}, without a shell. */
    private Result nginx(NginxTarget target, String... args) {
        List<String> command = new ArrayList<>();
        command.add(target.binary());
        if (target.prefix() != null) {
            command.add("-p");
            command.add(target.prefix());
        }
        if (target.config() != null) {
            command.add("-c");
            command.add(target.config());
        }
        command.addAll(List.of(args));
        Duration timeout = config.nginx().commandTimeout();
        Path output = null;
        try {
            output = Files.createTempFile("rewind-nginx-", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(false, String.join(" ", command) + " did not finish within " + timeout);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8).strip();
            if (text.length() > MAX_MESSAGE) {
                text = text.substring(0, MAX_MESSAGE) + "...";
            }
            return new Result(process.exitValue() == 0, text.isEmpty() ? "exit status " + process.exitValue() : text);
        } catch (IOException e) {
            throw new StepFailure("could not run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // A leftover in the temporary directory must not hide what nginx said.
                }
            }
        }
    }

    /**
     * The include file's content as it may be shown: an admin's file may set a credential header ({@code
     * proxy_set_header Authorization "Basic ..."}) or hold a secret ({@code secure_link_secret}), whose values are
     * masked. The stored content is what compensation writes back.
     */
    @Override
    public Map<String, Object> shown(Map<String, Object> state) {
        if (!(state.get("content") instanceof String content)) {
            return state;
        }
        Map<String, Object> shown = new java.util.LinkedHashMap<>(state);
        shown.put("content", Masks.nginx(content));
        return shown;
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        Path file = file(context);
        String now = text(file, read(file));
        String wanted = (String) done.after().get("content");
        return directives(now).equals(directives(wanted)) ? Check.ok(file + " says '" + directives(now) + "'")
                : Check.failed(file + " says '" + directives(now) + "', not '" + directives(wanted) + "': something else changed it");
    }

    /**
     * Writes the recorded before-content back, tests and reloads, as a switch does; only into the include file it was
     * recorded from, which is the target's (the recorded path is compared, never used).
     */
    @Override
    public Optional<Outcome> compensate(StepContext context) {
        if (!(context.recorded("content") instanceof String previous)) {
            return Optional.empty();
        }
        Object recordedFile = context.recorded("includeFile");
        if (recordedFile != null && !recordedFile.equals(file(context).toString())) {
            throw new StepFailure("the step switched " + recordedFile + ", but target '" + context.target().name()
                    + "' now names " + file(context) + ": its content is not written into another file; nothing changed");
        }
        return Optional.of(switchTo(context, previous, false, null));
    }
}
