package io.rewind.backup.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Without a pg_dump of the server's version, a backup fails with an error that says what to install. */
@QuarkusTest
@TestProfile(MissingToolsTest.NoTools.class)
class MissingToolsTest {

    /** Points the tool search at a directory that holds no PostgreSQL tools. */
    public static class NoTools implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("rewind.backup.pg-bin-dir", Files.createTempDirectory("no-pg-tools").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @TempDir
    Path secrets;

    @Test
    void aMissingPgDumpFailsTheBackupWithAClearErrorAndNoFile() throws Exception {
        String name = Sources.register(Sources.createShop(), secrets);

        JsonPath backup = Sources.backup(name);

        assertEquals("FAILED", backup.getString("status"));
        String error = backup.getString("error");
        assertTrue(error.contains("no pg_dump of PostgreSQL 15"), error);
        assertTrue(error.contains("install postgresql-client-15 or set REWIND_BACKUP_PG_BIN_DIR"), error);
        assertNull(backup.getString("sha256"), "nothing was dumped");
        assertFalse(Files.exists(Sources.file(name, backup.getString("id"))));
    }
}
