package io.rewind.backup.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * What pg_dump and pg_restore receive of backup-service's environment: the password of the database they connect to,
 * and nothing of backup-service's own secrets ({@code REWIND_DB_PASSWORD}, the API keys, the S3 store's AWS keys).
 */
class ProcessesTest {

    /** What a PostgreSQL client may need: where things are, the locale and time zone, and its own two settings. */
    private static final Set<String> ALLOWED = Set.of("PATH", "HOME", "TMPDIR", "LANG", "LANGUAGE", "TZ",
            "LD_LIBRARY_PATH", "SSL_CERT_FILE", "SSL_CERT_DIR", "PGPASSWORD", "PGCONNECT_TIMEOUT");

    @Test
    void aChildGetsThePasswordItNeedsAndNoneOfThisProcesssOtherVariables() throws Exception {
        Path output = Files.createTempFile("rewind-env-", ".txt");
        try {
            Processes.Result result = Processes.run(List.of("/usr/bin/env"), "the-database-password", null, null,
                    output, Duration.ofMinutes(1));
            assertTrue(result.succeeded(), result.failure("env"));
            Set<String> names = new TreeSet<>();
            for (String line : Files.readAllLines(output)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    names.add(line.substring(0, equals));
                }
            }
            assertEquals("the-database-password", Files.readAllLines(output).stream()
                    .filter(line -> line.startsWith("PGPASSWORD=")).findFirst().orElse("").substring(11));
            Set<String> unexpected = new TreeSet<>(names);
            unexpected.removeIf(name -> ALLOWED.contains(name) || name.startsWith("LC_"));
            assertEquals(Set.of(), unexpected, "variables of backup-service that reached the child");
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
