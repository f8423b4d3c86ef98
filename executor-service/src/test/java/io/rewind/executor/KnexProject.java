package io.rewind.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.rewind.common.testing.PostgresResource;
import io.rewind.local.LocalProcess;

/**
 * A Node project migrated by Knex: its {@code node_modules} holds knex and node-postgres (those install-deps installs
 * under {@code .rewind/tools/knex}, linked in as {@code npm install} would have put them), a knexfile reads the
 * connection from {@code DATABASE_URL}, and migrations create {@code orders} and then add {@code orders.coupon_code},
 * each applied in its own batch ({@code npx knex migrate:up}), as two releases would. Knex is run as its users run it:
 * {@code npx knex ...} in the project.
 */
public final class KnexProject extends MigrationProject {

    public static final String ORDERS = "20240110000000_orders.js";
    public static final String COUPON = "20240120000000_coupon_code.js";

    public KnexProject() throws IOException, SQLException {
        super("knex");
        Files.createSymbolicLink(dir.resolve("node_modules"), tool("knex/node_modules"));
        Files.writeString(dir.resolve("knexfile.js"), """
                module.exports = {
                  client: 'pg',
                  connection: process.env.DATABASE_URL,
                  migrations: { directory: './migrations' },
                };
                """);
        Files.createDirectories(dir.resolve("migrations"));
        migration(ORDERS, "knex.schema.createTable('orders', (t) => { t.increments('id'); t.text('code'); })",
                "knex.schema.dropTable('orders')");
        migration(COUPON, "knex.schema.alterTable('orders', (t) => { t.text('coupon_code'); })",
                "knex.schema.alterTable('orders', (t) => { t.dropColumn('coupon_code'); })");
    }

    /** Adds a migration file with these {@code up} and {@code down} bodies (JavaScript expressions on {@code knex}). */
    public void migration(String name, String up, String down) throws IOException {
        Files.writeString(dir.resolve("migrations").resolve(name), "exports.up = (knex) => " + up + ";\n"
                + "exports.down = (knex) => " + down + ";\n");
    }

    /** npx, as executor-service finds it on its PATH (and so stores it in the target). */
    public static String npx() {
        return io.rewind.executor.target.HostTarget.onPath("npx");
    }

    public String databaseUrl() {
        return "postgres://" + PostgresResource.USER + ":" + PASSWORD + "@127.0.0.1:" + PostgresResource.port() + "/"
                + database;
    }

    /** Runs {@code knex <args> --knexfile knexfile.js} in the project, as its developers would; its output. */
    public String knex(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(npx(), "--no-install", "knex"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--knexfile", "knexfile.js"));
        return LocalProcess.run(argv, dir, Map.of("DATABASE_URL", databaseUrl()));
    }

    /** The applied migrations, oldest first. */
    public List<String> applied() throws SQLException {
        return query("SELECT name FROM knex_migrations ORDER BY id");
    }

    /** A command running {@code npx knex <args>} in the project, its DATABASE_URL from a secret file. */
    public Map<String, Object> command(List<String> args, Map<String, Object> placeholders) throws IOException {
        List<String> argv = new ArrayList<>(List.of("npx", "--no-install", "knex"));
        argv.addAll(args);
        argv.addAll(List.of("--knexfile", "knexfile.js"));
        Map<String, Object> command = new java.util.LinkedHashMap<>();
        command.put("argv", argv);
        command.put("workingDirectory", dir.toString());
        command.put("env", Map.of("DATABASE_URL", secretFile("database-url", databaseUrl()), "NODE_ENV", "production"));
        command.put("timeoutSeconds", 60);
        if (!placeholders.isEmpty()) {
            command.put("placeholders", placeholders);
        }
        return command;
    }
}
