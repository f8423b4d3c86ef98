package io.rewind.common.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


class SecretResolverTest {

    private final SecretResolver resolver = new SecretResolver(
            Map.of("SHOP_DB_PASSWORD", "from-env", "EMPTY_PASSWORD", "")::get);

    @TempDir
    Path dir;

    @Test
    void aSetVariableResolvesToItsValue() {
        SecretReference reference = new SecretReference("SHOP_DB_PASSWORD", null);
        assertTrue(resolver.isResolvable(reference));
        assertEquals(Optional.of("from-env"), resolver.resolve(reference));
    }

    @Test
    void anUnsetOrEmptyVariableDoesNotResolve() {
        for (String variable : new String[] { "UNSET_PASSWORD", "EMPTY_PASSWORD" }) {
            SecretReference reference = new SecretReference(variable, null);
            assertFalse(resolver.isResolvable(reference), variable);
            assertEquals(Optional.empty(), resolver.resolve(reference), variable);
        }
    }

    @Test
    void aFileResolvesToItsContentWithoutTheTrailingLineBreak() throws Exception {
        Path unix = Files.writeString(dir.resolve("unix"), "pa ss\n");
        Path windows = Files.writeString(dir.resolve("windows"), "pa ss\r\n");
        Path bare = Files.writeString(dir.resolve("bare"), "pa ss\n\n");
        assertEquals(Optional.of("pa ss"), resolver.resolve(new SecretReference(null, unix.toString())));
        assertEquals(Optional.of("pa ss"), resolver.resolve(new SecretReference(null, windows.toString())));
        assertEquals(Optional.of("pa ss\n"), resolver.resolve(new SecretReference(null, bare.toString())),
                "only one line break is dropped; the rest may be part of the password");
    }

    @Test
    void aMissingEmptyOrNonRegularFileDoesNotResolve() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "");
        Path newlineOnly = Files.writeString(dir.resolve("newline-only"), "\n");
        for (Path path : new Path[] { dir.resolve("missing"), empty, dir }) {
            SecretReference reference = new SecretReference(null, path.toString());
            assertFalse(resolver.isResolvable(reference), path.toString());
            assertEquals(Optional.empty(), resolver.resolve(reference), path.toString());
        }
        assertEquals(Optional.empty(), resolver.resolve(new SecretReference(null, newlineOnly.toString())));
    }
}
