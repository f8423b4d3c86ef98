package io.rewind.common.persistence;

import java.sql.SQLException;

/** Recognises PostgreSQL constraint failures however deeply the reactive driver and Hibernate wrap them. */
public final class Constraints {

    /** PostgreSQL's SQLSTATE for a unique or primary-key violation. */
    public static final String UNIQUE_VIOLATION = "23505";

    private Constraints() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof org.hibernate.JDBCException jdbc && UNIQUE_VIOLATION.equals(jdbc.getSQLState())) {
                return true;
            }
            String message = t.getMessage();
            // The reactive driver's PgException reports the SQLSTATE in its message: "... (23505)".
            if (message != null && message.contains("(" + UNIQUE_VIOLATION + ")")) {
                return true;
            }
        }
        return false;
    }
}
