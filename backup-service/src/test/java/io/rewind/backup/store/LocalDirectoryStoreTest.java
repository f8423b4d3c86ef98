package io.rewind.backup.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryStoreTest {

    @TempDir
    Path root;

    @Test
    void writesReadsAndDeletesByKey() throws IOException {
        LocalDirectoryStore store = new LocalDirectoryStore(root);
        byte[] content = "PGDMP...".getBytes();

        assertEquals(content.length, store.write("shop/1.dump", new ByteArrayInputStream(content)));
        assertTrue(store.exists("shop/1.dump"));
        try (InputStream in = store.open("shop/1.dump")) {
            assertArrayEquals(content, in.readAllBytes());
        }
        store.delete("shop/1.dump");
        store.delete("shop/1.dump");
        assertFalse(store.exists("shop/1.dump"));
        assertThrows(NoSuchFileException.class, () -> store.open("shop/1.dump"));
    }

    @Test
    void aFailedWriteLeavesNothingUnderTheKey() throws IOException {
        LocalDirectoryStore store = new LocalDirectoryStore(root);
        InputStream failing = new InputStream() {
            private int left = 1000;

            @Override
            public int read() throws IOException {
                // Every read after the first 1000 bytes fails, as a dying pipe does.
                if (left-- <= 0) {
                    throw new IOException("pg_dump died");
                }
                return 'x';
            }
        };
        assertThrows(IOException.class, () -> store.write("shop/2.dump", failing));
        assertFalse(store.exists("shop/2.dump"));
        try (var files = Files.list(root.resolve("shop"))) {
            assertEquals(0, files.count(), "no partial file either");
        }
    }

    @Test
    void keysCannotLeaveTheRoot() {
        LocalDirectoryStore store = new LocalDirectoryStore(root);
        assertThrows(IllegalArgumentException.class, () -> store.exists("../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> store.open("/etc/passwd"));
    }
}
