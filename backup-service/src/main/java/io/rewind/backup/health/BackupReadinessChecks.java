package io.rewind.backup.health;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.rewind.backup.config.BackupConfig;
import io.rewind.backup.service.PgTools;
import io.rewind.backup.store.BackupStore;

/**
 * What backups need besides PostgreSQL: a store that can be written, and pg_dump and pg_restore. Which major version a
 * registered server needs is known only when it is reached, so the tools check reports every version found and is
 * down only when there is none at all; a missing version fails the backup that needs it, saying so.
 */
@ApplicationScoped
public class BackupReadinessChecks {

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck store(BackupStore store) {
        return () -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("Backup store")
                    .withData("location", store.describe());
            try {
                store.check();
                return response.up().build();
            } catch (IOException | RuntimeException e) {
                return response.down().withData("error", String.valueOf(e.getMessage())).build();
            }
        };
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck tools(BackupConfig config) {
        PgTools tools = new PgTools(config.pgBinDir(), System.getenv("PATH"));
        return () -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("pg_dump and pg_restore");
            boolean up = true;
            for (String tool : List.of("pg_dump", "pg_restore")) {
                List<PgTools.Tool> found = tools.installed(tool);
                up &= !found.isEmpty();
                response.withData(tool, found.isEmpty() ? "none found: install postgresql-client-<major>"
                        + " or set REWIND_BACKUP_PG_BIN_DIR"
                        : found.stream().map(t -> t.version() + " " + t.path()).collect(Collectors.joining(", ")));
            }
            return response.status(up).build();
        };
    }
}
