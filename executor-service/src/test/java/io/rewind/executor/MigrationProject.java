package io.rewind.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rewind.common.testing.PostgresResource;

/**
 * An application's project using a migration framework (Knex, Django), in a fresh directory, on a fresh database of
 * the tests' embedded PostgreSQL: the files, the framework's own command line, and the {@code commands} target an
 * admin would define for it. The database's password is a file the test writes, as a mounted Secret would be (the
 * embedded server trusts local connections, so a distinctive one only shows where it goes).
 */
public abstract class MigrationProject {

    public static final String PASSWORD = "migrations-db-password-5c1e";

    protected final Path dir;
    protected final String database;
    protected final Path secrets;

    protected MigrationProject(String prefix) throws IOException, SQLException {
        dir = Files.createTempDirectory("rewind-" + prefix + "-");
        secrets = Files.createTempDirectory("rewind-" + prefix + "-secrets-");
        database = prefix + "_" + TestPlans.newName("db").substring(3).replace('-', '_');
        try (Connection c = PostgresResource.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    public Path dir() {
        return dir;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + PostgresResource.port() + "/" + database;
    }

    /** Writes {@code content} to a file only its owner reads, as a mounted Secret, and returns its reference. */
    protected Map<String, Object> secretFile(String name, String content) throws IOException {
        Path file = secrets.resolve(name);
        Files.writeString(file, content, java.nio.charset.StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return Map.of("file", file.toString());
    }

    /** The target's {@code migrations}: the framework's table in this project's database, password by reference. */
    public Map<String, Object> migrations(String framework) throws IOException {
        return Map.of("framework", framework, "database", Map.of("url", jdbcUrl(), "username", PostgresResource.USER,
                "password", secretFile("db-password", PASSWORD)));
    }

    /** A {@code commands} target's spec with one command per entry of {@code commands} and this project's table. */
    public Map<String, Object> spec(String framework, Map<String, Map<String, Object>> commands) throws IOException {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("commands", commands);
        spec.put("migrations", migrations(framework));
        return spec;
    }

    /** The first column of {@code sql}'s rows. */
    public List<String> query(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl(), PostgresResource.USER, PostgresResource.USER);
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** The columns of {@code table} in the public schema, in order. */
    public List<String> columns(String table) throws SQLException {
        return query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '"
                + table + "' ORDER BY ordinal_position");
    }

    /** The tools deploy/local/install-deps installs under {@code .rewind/tools}: {@code relative} inside it. */
    public static Path tool(String relative) {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path candidate = at.resolve(".rewind/tools").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " is not installed under .rewind/tools: run deploy/local/install-deps");
    }
}
