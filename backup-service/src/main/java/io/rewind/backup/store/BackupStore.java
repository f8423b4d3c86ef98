package io.rewind.backup.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where dump files live. One implementation per backend, chosen by {@code rewind.backup.store.type}. Keys are
 * relative paths such as {@code shop/2f0c....dump}; an implementation never shows a partly written object under its
 * key, so a crash mid-write leaves no file that looks like a backup.
 */
public interface BackupStore {

    /** Reads the stream to its end and keeps it under the key; returns the number of bytes kept. */
    long write(String key, InputStream content) throws IOException;

    /** The object's bytes; a missing key is a {@link java.nio.file.NoSuchFileException}. */
    InputStream open(String key) throws IOException;

    /**
     * The object as a file on this machine, when the store keeps it as one: {@code pg_restore} then reads it itself
     * instead of through a pipe this JVM feeds. Empty for remote stores (and for a missing key).
     */
    default Optional<Path> localFile(String key) {
        return Optional.empty();
    }

    /** Removes the object; removing a missing key is not an error, so a retried deletion completes. */
    void delete(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Throws, saying why, when a backup could not be written right now; for the readiness check. */
    void check() throws IOException;

    /** Where the objects go, for people: a directory, a bucket. */
    String describe();
}
