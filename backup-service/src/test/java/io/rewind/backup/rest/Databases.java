package io.rewind.backup.rest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.rewind.common.testing.PostgresResource;

/** Registration requests and direct looks at the {@code backup.databases} table, shared by this module's tests. */
final class Databases {

    private Databases() {
    }

    static String newName() {
        return "db-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The documented example registration, under the given name; a mutable copy, for tests to spoil. */
    static Map<String, Object> request(String name) {
        Map<String, Object> request = new HashMap<>();
        request.put("name", name);
        request.put("host", "127.0.0.1");
        request.put("port", 5432);
        request.put("database", "shop");
        request.put("username", "shop");
        request.put("password", Map.of("env", "SHOP_DB_PASSWORD"));
        request.put("criticalTables", new ArrayList<>(List.of("public.orders", "public.users")));
        request.put("backupCron", "0 0 * * * ?");
        request.put("verificationCron", "0 30 3 * * ?");
        request.put("retention", new HashMap<>(Map.of("keepLast", 5, "keepDays", 7)));
        request.put("maxBackupAgeHours", 4);
        return request;
    }

    /** Every registered database, whoever registered it: requests that fail must leave this unchanged. */
    static int count() throws SQLException {
        try (Connection c = PostgresResource.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM backup.databases")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The stored row as JSON text, or null: to prove what was (and was not) written. */
    static String row(String name) throws SQLException {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("SELECT row_to_json(d)::text FROM backup.databases d WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
