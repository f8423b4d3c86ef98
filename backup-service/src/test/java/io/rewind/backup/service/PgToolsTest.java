package io.rewind.backup.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding pg_dump and pg_restore of the server's major version, and saying clearly when there is none. */
class PgToolsTest {

    @TempDir
    Path dir;

    /** A fake tool that reports the given version, as the real ones do. */
    private Path fakeTool(String name, String version) throws Exception {
        Path tool = dir.resolve(name);
        Files.writeString(tool, "#!/bin/sh\necho '" + name + " (PostgreSQL) " + version + " (Debian)'\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tool;
    }

    @Test
    void theInstalledToolsOfVersion15AreFound() throws Exception {
        PgTools.Tool tool = new PgTools(Optional.empty(), "").locate("pg_dump", 15);
        assertEquals(Path.of("/usr/lib/postgresql/15/bin/pg_dump"), tool.path());
        assertTrue(tool.version().startsWith("15."));
    }

    @Test
    void aMissingToolIsAClearErrorSayingWhereItLookedAndWhatToInstall() {
        PgTools.ToolMissingException e = assertThrows(PgTools.ToolMissingException.class,
                () -> new PgTools(Optional.of(dir), "/usr/bin").locate("pg_dump", 15));
        assertTrue(e.getMessage().contains("no pg_dump of PostgreSQL 15"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("postgresql-client-15"), e.getMessage());

        e = assertThrows(PgTools.ToolMissingException.class,
                () -> new PgTools(Optional.empty(), dir.toString()).locate("pg_dump", 11));
        assertTrue(e.getMessage().contains("/usr/lib/postgresql/11/bin or on the PATH"), e.getMessage());
    }

    @Test
    void aToolOfAnotherMajorVersionIsRefusedNamingItsVersion() throws Exception {
        Path tool = fakeTool("pg_dump", "16.2");
        PgTools.ToolMissingException e = assertThrows(PgTools.ToolMissingException.class,
                () -> new PgTools(Optional.of(dir), "").locate("pg_dump", 15));
        assertTrue(e.getMessage().contains(tool + " (version 16.2)"), e.getMessage());

        assertEquals(tool, new PgTools(Optional.empty(), dir.toString()).locate("pg_dump", 16).path(),
                "found on the PATH when /usr/lib/postgresql has no such version");
    }

    @Test
    void everyInstalledCopyIsListedWithItsVersion() throws Exception {
        Path tool = fakeTool("pg_restore", "16.2");
        assertEquals(List.of(new PgTools.Tool(tool, "16.2")), new PgTools(Optional.of(dir), "").installed("pg_restore"));
        assertTrue(new PgTools(Optional.empty(), "").installed("pg_restore").stream()
                .anyMatch(t -> t.path().equals(Path.of("/usr/lib/postgresql/15/bin/pg_restore"))));
        assertEquals(List.of(), new PgTools(Optional.of(dir), "").installed("pg_dump"));
    }

    @Test
    void versionsAreReadFromToolsAndFromTheServer() {
        assertEquals(Optional.of("15.18"), PgTools.parseVersion("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"));
        assertEquals(Optional.empty(), PgTools.parseVersion("command not found"));
        assertEquals(15, PgTools.majorOf("150004"));
        assertEquals(9, PgTools.majorOf("90624"));
        assertEquals(15, PgTools.majorOf("15.18"));
    }
}
