package io.rewind.backup.service;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * How to reach a registered database, with its resolved password. Lives only as long as one job; its
 * {@link #toString()} leaves the password out, so that no log line or error message can carry it.
 */
public record ServerAccess(String host, int port, String database, String username, String password) {

    /** A JDBC connection to the given database of this server (the registered one, a scratch one, maintenance). */
    public Connection connect(String databaseName) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "rewind-backup");
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + jdbcHost() + ":" + port + "/" + databaseName, properties);
    }

    public Connection connect() throws SQLException {
        return connect(database);
    }

    /**
     * The connection options of pg_dump and pg_restore, in {@code --option=value} form so that no value can be read
     * as an option. The password is not among them: it goes in the child's environment (see {@link Processes}).
     */
    public List<String> options(String databaseName) {
        List<String> options = new ArrayList<>();
        options.add("--host=" + host);
        options.add("--port=" + port);
        options.add("--username=" + username);
        options.add("--dbname=" + databaseName);
        options.add("--no-password");
        return options;
    }

    private String jdbcHost() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return username + "@" + host + ":" + port + "/" + database;
    }
}
