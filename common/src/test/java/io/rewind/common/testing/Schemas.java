package io.rewind.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What a service's migrations must have left in the shared database. */
public final class Schemas {

    private Schemas() {
    }

    /**
     * Every migration of {@code schema} applied without failure, the given tables are in it, and nothing was
     * created in {@code public}: a service touches only its own schema.
     */
    public static void assertMigrated(String schema, String... tables) throws SQLException {
        try (Connection c = PostgresResource.connect()) {
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FILTER (WHERE NOT success), count(*) FROM "
                    + schema + ".flyway_schema_history WHERE version IS NOT NULL"); ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getInt(1), "no failed migration in " + schema);
                assertTrue(rs.getInt(2) >= 1, "migrations applied to " + schema);
            }
            for (String table : tables) {
                assertEquals(1, count(c, "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                        schema, table), table + " is in schema " + schema);
            }
            assertEquals(0, count(c, "SELECT count(*) FROM information_schema.tables WHERE table_schema = ?", "public"),
                    "nothing is created outside the services' schemas");
        }
    }

    private static int count(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
