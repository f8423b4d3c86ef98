package io.rewind.backup.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rewind.backup.PasswordReference;

class PasswordResolverTest {

    private final PasswordResolver resolver = new PasswordResolver(
            Map.of("SHOP_DB_PASSWORD", "from-env", "EMPTY_PASSWORD", "")::get);

    @TempDir
    Path dir;

    @Test
    void aSetVariableResolvesToItsValue() {
        PasswordReference reference = new PasswordReference("SHOP_DB_PASSWORD", null);
        assertTrue(resolver.isResolvable(reference));
        assertEquals(Optional.of("from-env"), resolver.resolve(reference));
    }

    @Test
    void anUnsetOrEmptyVariableDoesNotResolve() {
        for (String variable : new String[] { "UNSET_PASSWORD", "EMPTY_PASSWORD" }) {
            PasswordReference reference = new PasswordReference(variable, null);
            assertFalse(resolver.isResolvable(reference), variable);
            assertEquals(Optional.empty(), resolver.resolve(reference), variable);
        }
    }

    @Test
    void aFileResolvesToItsContentWithoutTheTrailingLineBreak() throws Exception {
        Path unix = Files.writeString(dir.resolve("unix"), "pa ss\n");
        Path windows = Files.writeString(dir.resolve("windows"), "pa ss\r\n");
        Path bare = Files.writeString(dir.resolve("bare"), "pa ss\n\n");
        assertEquals(Optional.of("pa ss"), resolver.resolve(new PasswordReference(null, unix.toString())));
        assertEquals(Optional.of("pa ss"), resolver.resolve(new PasswordReference(null, windows.toString())));
        assertEquals(Optional.of("pa ss\n"), resolver.resolve(new PasswordReference(null, bare.toString())),
                "only one line break is dropped; the rest may be part of the password");
    }

    @Test
    void aMissingEmptyOrNonRegularFileDoesNotResolve() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "");
        Path newlineOnly = Files.writeString(dir.resolve("newline-only"), "\n");
        for (Path path : new Path[] { dir.resolve("missing"), empty, dir }) {
            PasswordReference reference = new PasswordReference(null, path.toString());
            assertFalse(resolver.isResolvable(reference), path.toString());
            assertEquals(Optional.empty(), resolver.resolve(reference), path.toString());
        }
        assertEquals(Optional.empty(), resolver.resolve(new PasswordReference(null, newlineOnly.toString())));
    }
}
