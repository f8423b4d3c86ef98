package io.rewind.executor.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rewind.common.problem.Problem;
import io.rewind.common.secret.SecretReference;
import io.rewind.executor.TargetKind;
import io.rewind.executor.params.ParamReader;

/**
 * The databases a down-migration may use are {@code postgres} targets (they replaced
 * {@code rewind.executor.databases.*}): a JDBC URL, a role, the password by reference only, and the history table.
 */
class PostgresTargetTest {

    private static List<Problem.FieldError> errors(Map<String, Object> spec) {
        List<Problem.FieldError> errors = new ArrayList<>();
        TargetKind.POSTGRES.read(new ParamReader("spec", "postgres", spec, errors));
        return errors;
    }

    private static String fields(List<Problem.FieldError> errors) {
        return String.join(", ", errors.stream().map(e -> e.field() + " " + e.message()).toList());
    }

    @Test
    void aDatabaseIsAUrlARoleAPasswordReferenceAndAHistoryTableWithDefaults(@TempDir Path secrets) throws Exception {
        Path password = secrets.resolve("orders-db-password");
        Files.writeString(password, "s3cret\n");
        List<Problem.FieldError> errors = new ArrayList<>();

        PostgresTarget orders = (PostgresTarget) TargetKind.POSTGRES.read(new ParamReader("spec", "postgres", Map.of(
                "url", "jdbc:postgresql://orders-db:5432/orders", "username", "orders_owner",
                "password", Map.of("file", password.toString())), errors));

        assertEquals(List.of(), errors);
        assertEquals("jdbc:postgresql://orders-db:5432/orders", orders.url());
        assertEquals("orders_owner", orders.username());
        assertEquals(new SecretReference(null, password.toString()), orders.password());
        assertEquals(Optional.of("s3cret"), orders.password().resolve(), "read at use, without the line break");
        assertEquals("flyway_schema_history", orders.historyTable());

        PostgresTarget plain = (PostgresTarget) TargetKind.POSTGRES.read(ParamReader.lenient(Map.of("url", "jdbc:postgresql://db:5432/app")));
        assertEquals("postgres", plain.username());
        assertEquals(null, plain.password(), "none: trust or a .pgpass file");
    }

    @Test
    void aPasswordIsNeverALiteralNorPartOfTheUrl() {
        List<Problem.FieldError> literal = errors(Map.of("url", "jdbc:postgresql://db:5432/app", "password", "s3cret"));
        assertEquals(List.of("spec.password"), literal.stream().map(Problem.FieldError::field).toList(), fields(literal));
        assertFalse(fields(literal).contains("s3cret"), "the value is not echoed: " + fields(literal));

        List<Problem.FieldError> inUrl = errors(Map.of("url", "jdbc:postgresql://db:5432/app?user=app&password=s3cret"));
        assertTrue(fields(inUrl).contains("must not carry credentials"), fields(inUrl));

        List<Problem.FieldError> ownSetting = errors(Map.of("url", "jdbc:postgresql://db:5432/app",
                "password", Map.of("env", "REWIND_DB_PASSWORD")));
        assertTrue(fields(ownSetting).contains("must not name one of Rewind's own settings"), fields(ownSetting));
    }

    @Test
    void theHistoryTableIsATableNameNotSql() {
        List<Problem.FieldError> injected = errors(Map.of("url", "jdbc:postgresql://db:5432/app",
                "historyTable", "flyway_schema_history; DROP TABLE orders"));
        assertEquals(List.of("spec.historyTable"), injected.stream().map(Problem.FieldError::field).toList(),
                fields(injected));
        assertEquals(List.of(), errors(Map.of("url", "jdbc:postgresql://db:5432/app", "historyTable",
                "orders.flyway_schema_history")));
    }
}
