package io.rewind.common.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Looks up the secret a {@link SecretReference} points to, in this process's environment or file system. A secret is
 * read only to use it (connect, authenticate); it is never logged, stored or returned, and failures say which
 * reference did not resolve, never what was found.
 */
@ApplicationScoped
public class SecretResolver {

    private final UnaryOperator<String> environment;

    public SecretResolver() {
        this(System::getenv);
    }

    /** The process's environment and file system, for code that is not a bean (a record's convenience method). */
    public static final SecretResolver SYSTEM = new SecretResolver();

    /** With another environment than the process's: tests. */
    public SecretResolver(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /**
     * Whether the reference resolves right now: the variable is set and not empty, or the file is a readable,
     * non-empty regular file. Reads no secret, so it is cheap enough for every response that shows a reference.
     */
    public boolean isResolvable(SecretReference reference) {
        if (reference.env() != null) {
            String value = environment.apply(reference.env());
            return value != null && !value.isEmpty();
        }
        if (reference.file() == null) {
            return false;
        }
        try {
            Path file = Path.of(reference.file());
            return Files.isRegularFile(file) && Files.isReadable(file) && Files.size(file) > 0;
        } catch (IOException | InvalidPathException | SecurityException e) {
            return false;
        }
    }

    /**
     * The secret, or empty when the reference does not resolve. A file's single trailing line break is dropped,
     * since {@code echo} and editors add one that is not part of the secret. Blocking when it reads a file: call it
     * off the event loop.
     */
    public Optional<String> resolve(SecretReference reference) {
        if (!isResolvable(reference)) {
            return Optional.empty();
        }
        if (reference.env() != null) {
            return Optional.of(environment.apply(reference.env()));
        }
        try {
            String content = Files.readString(Path.of(reference.file()), StandardCharsets.UTF_8);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            } else if (content.endsWith("\n")) {
                content = content.substring(0, content.length() - 1);
            }
            return content.isEmpty() ? Optional.empty() : Optional.of(content);
        } catch (IOException | InvalidPathException | SecurityException e) {
            return Optional.empty();
        }
    }
}
