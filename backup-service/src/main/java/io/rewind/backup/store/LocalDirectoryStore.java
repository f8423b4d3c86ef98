package io.rewind.backup.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps each object as a file under a root directory. A write goes to a hidden temporary file that is renamed into
 * place once complete.
 */
public class LocalDirectoryStore implements BackupStore {

    private final Path root;

    public LocalDirectoryStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file of a key; refuses keys that would leave the root. */
    public Path file(String key) {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("key '" + key + "' is not inside the store");
        }
        return file;
    }

    @Override
    public long write(String key, InputStream content) throws IOException {
        Path file = file(key);
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling("." + file.getFileName() + ".partial");
        try {
            long size = Files.copy(content, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return size;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public Optional<Path> localFile(String key) {
        Path file = file(key);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(key);
        }
        return Files.newInputStream(file);
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(file(key));
    }

    @Override
    public void check() throws IOException {
        Files.createDirectories(root);
        if (!Files.isWritable(root)) {
            throw new IOException(root + " is not writable");
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(file(key));
    }
}
