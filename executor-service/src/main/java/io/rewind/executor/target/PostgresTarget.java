package io.rewind.executor.target;

import java.util.List;
import java.util.regex.Pattern;

import io.rewind.common.secret.SecretReference;
import io.rewind.executor.params.ParamReader;

/**
 * {@code postgres}: a PostgreSQL database that down-migrations run on.
 * Spec: {@code url} (a JDBC URL, {@code jdbc:postgresql://host:port/database}); optional {@code username} (default
 * {@code postgres}; it needs the rights the scripts need and to write the schema history), {@code password} (a secret
 * reference; none for trust or a {@code .pgpass} file) and {@code historyTable} (Flyway's schema-history table,
 * optionally qualified by its schema, default {@code flyway_schema_history}).
 */
public record PostgresTarget(String url, String username, SecretReference password, String historyTable)
        implements TargetSpec {

    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://[^\\s/?#@]+/[^\\s/?#@]+(\\?[^\\s#]*)?");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$.-]{0,62}");
    private static final Pattern TABLE = Pattern.compile("([a-z_][a-z0-9_$]{0,62}\\.)?[a-z_][a-z0-9_$]{0,62}");

    /** The JDBC driver's options a target may set: connection behaviour and TLS, nothing that loads code. */
    private static final List<String> URL_OPTIONS = List.of("sslmode", "sslrootcert", "connectTimeout", "socketTimeout",
            "loginTimeout", "tcpKeepAlive", "ApplicationName", "currentSchema", "targetServerType", "options");

    static PostgresTarget read(ParamReader spec) {
        PostgresTarget connection = connection(spec);
        String historyTable = spec.matching("historyTable", false, TABLE,
                "must be a table name, optionally qualified by its schema (orders.flyway_schema_history)");
        return new PostgresTarget(connection.url(), connection.username(), connection.password(),
                historyTable == null ? "flyway_schema_history" : historyTable);
    }

    /**
     * The database alone ({@code url}, {@code username}, {@code password}), as other kinds name one (a {@code commands}
     * target's migration table); its {@code historyTable} is null.
     */
    static PostgresTarget connection(ParamReader spec) {
        String given = spec.matching("url", true, JDBC_URL,
                "must be a JDBC URL such as jdbc:postgresql://orders-db:5432/orders (credentials go in username and password)");
        String url = given;
        if (given != null && given.contains("?")) {
            for (String option : given.substring(given.indexOf('?') + 1).split("&")) {
                String key = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
                if (key.equalsIgnoreCase("user") || key.equalsIgnoreCase("password")) {
                    spec.error("url", "must not carry credentials: give username, and password as a secret reference");
                    url = null;
                } else if (!URL_OPTIONS.contains(key)) {
                    // Some driver options load classes or files by name (socketFactory, sslfactory, loggerFile).
                    spec.error("url", "may only set the options " + String.join(", ", URL_OPTIONS) + ParamReader.echo(key));
                    url = null;
                }
            }
        }
        String username = spec.matching("username", false, ROLE, "must be a PostgreSQL role name");
        SecretReference password = TargetSpec.secret(spec, "password", false);
        return new PostgresTarget(url, username == null ? "postgres" : username, password, null);
    }
}
