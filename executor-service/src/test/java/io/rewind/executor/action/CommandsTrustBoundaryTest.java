package io.rewind.executor.action;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.KnexProject;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;

/**
 * Attacks on a {@code commands} target through its steps, with real Knex on a real database: even an admin's inline step
 * cannot give a program, an argument the command does not declare, a value outside a placeholder's allowed set, shell
 * metacharacters, a path, a directory or an environment variable. Each is refused with a 400 problem naming the field,
 * no execution is stored, no program ran (no marker file) and {@code knex_migrations} and the schema are as they were.
 * And an admin cannot put a credential into a target's spec as a value.
 */
@QuarkusTest
class CommandsTrustBoundaryTest {

    private static KnexProject project;
    private static Path marker;
    private static String target;

    @BeforeAll
    static void release() throws Exception {
        project = new KnexProject();
        project.knex("migrate:up");
        project.knex("migrate:up");
        marker = project.dir().getParent().resolve(TestPlans.newName("pwned"));
    }

    /** Defined once, by the first test: REST Assured points at the application only once it runs. */
    @BeforeEach
    void defineTarget() throws Exception {
        if (target != null) {
            return;
        }
        Map<String, Map<String, Object>> commands = new LinkedHashMap<>();
        commands.put("knex-rollback", project.command(List.of("migrate:rollback"), Map.of()));
        commands.put("knex-down", project.command(List.of("migrate:down", "--name", "{migration}"),
                Map.of("migration", Map.of("pattern", "[0-9]{14}_[a-z_]+\\.js"))));
        target = TestTargets.define(TargetKind.COMMANDS, project.spec("knex", commands));
    }

    static Stream<Arguments> whatAStepCannotChoose() {
        String touch = "touch MARKER";
        return Stream.of(
                Arguments.of("program", "/bin/sh", "program"),
                Arguments.of("argv", List.of("/bin/sh", "-c", touch), "argv"),
                Arguments.of("workingDirectory", "/etc", "workingDirectory"),
                Arguments.of("env", Map.of("NODE_OPTIONS", "--require /tmp/evil.js"), "env"),
                Arguments.of("command", "sh", "command"),
                Arguments.of("command", "../knex-down", "command"),
                Arguments.of("args", Map.of("migration", "20240120000000_coupon_code.js", "extra", "--all"), "args.extra"),
                Arguments.of("args", Map.of("migration", "--all"), "args.migration"),
                Arguments.of("args", Map.of("migration", "20240120000000_coupon_code.js; " + touch), "args.migration"),
                Arguments.of("args", Map.of("migration", "$(" + touch + ")"), "args.migration"),
                Arguments.of("args", Map.of("migration", "../../../etc/passwd"), "args.migration"),
                Arguments.of("args", Map.of("migration", "/tmp/evil.js"), "args.migration"),
                Arguments.of("args", Map.of("migration", "20240120000000_coupon_code.js\n--all"), "args.migration"),
                Arguments.of("args", Map.of("migration", List.of("a", "b")), "args.migration"),
                Arguments.of("args", Map.of("NODE_OPTIONS", "--require=/tmp/evil.js"), "args.NODE_OPTIONS"),
                Arguments.of("password", "hunter2", "password"));
    }

    private static Object withMarker(Object value) {
        return value instanceof String text ? text.replace("MARKER", marker.toString())
                : value instanceof List<?> list ? list.stream().map(CommandsTrustBoundaryTest::withMarker).toList()
                : value instanceof Map<?, ?> map ? map.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        e -> (String) e.getKey(), e -> withMarker(e.getValue()))) : value;
    }

    private static void assertNothingChanged(String execution) throws Exception {
        assertEquals(0, TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", execution),
                "no execution was stored");
        assertEquals(List.of(KnexProject.ORDERS, KnexProject.COUPON), project.applied(), "knex_migrations is unchanged");
        assertEquals(List.of("id", "code", "coupon_code"), project.columns("orders"));
        assertFalse(Files.exists(marker), "no program ran");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("whatAStepCannotChoose")
    void evenAnAdminsStepCannotChooseAProgramArgumentValueOrVariable(String key, Object value, String field)
            throws Exception {
        String execution = TestPlans.newName("orders");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("command", "knex-down");
        params.put("args", Map.of("migration", KnexProject.COUPON));
        params.put("expectLatest", KnexProject.ORDERS);
        params.put(key, withMarker(value));
        Map<String, Object> step = TestPlans.step("attack", StepKind.MIGRATION_ROLLBACK.id(), target, params);
        assertProblem(start(inline(execution, List.of(step))), 400, "validation")
                .body("errors.field", hasItem("steps[0].params." + field));
        assertProblem(start(TestExecutions.dryRun(inline(execution, List.of(step)))), 400, "validation");
        assertNothingChanged(execution);
    }

    @Test
    void aValueOutsideThePatternIsRefusedSayingWhatIsAllowed() throws Exception {
        String execution = TestPlans.newName("orders");
        Map<String, Object> step = TestPlans.step("attack", StepKind.MIGRATION_ROLLBACK.id(), target, Map.of(
                "command", "knex-down", "args", Map.of("migration", "coupon_code"), "expectLatest", KnexProject.ORDERS));
        assertProblem(start(inline(execution, List.of(step))), 400, "validation")
                .body("errors.find { it.field == 'steps[0].params.args.migration' }.message",
                        containsString("must be a value matching [0-9]{14}_[a-z_]+\\.js (got 'coupon_code')"));
        step = TestPlans.step("attack", StepKind.MIGRATION_ROLLBACK.id(), target, Map.of("expectRemoved", 1));
        assertProblem(start(inline(execution, List.of(step))), 400, "validation")
                .body("errors.find { it.field == 'steps[0].params.command' }.message",
                        containsString("is required: the target defines 2 commands (it defines knex-down, knex-rollback)"));
        assertNothingChanged(execution);
    }

    /** What an admin writes is checked too: credentials only by reference, every placeholder declared. */
    @Test
    void aTargetRefusesACredentialAsAValueAndAnUndeclaredPlaceholder() throws Exception {
        Map<String, Object> literal = new LinkedHashMap<>(project.command(List.of("migrate:rollback"), Map.of()));
        literal.put("env", Map.of("DATABASE_URL", project.databaseUrl()));
        Map<String, Object> undeclared = new LinkedHashMap<>(project.command(List.of("migrate:down", "--name", "{name}"),
                Map.of()));
        Map<String, Object> shell = new LinkedHashMap<>(literal);
        shell.put("argv", List.of("sh -c 'knex migrate:rollback'"));
        shell.put("env", Map.of());
        for (Map<String, Object> command : List.of(literal, undeclared, shell)) {
            Map<String, Object> body = Map.of("kind", "commands", "spec", project.spec("knex", Map.of("bad", command)));
            assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                    .body(body).put("/api/targets/{name}", TestPlans.newName("commands")).then(), 400, "validation");
        }
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("kind", "commands", "spec", project.spec("knex", Map.of("bad", literal))))
                .put("/api/targets/{name}", TestPlans.newName("commands")).then(), 400, "validation")
                .body("errors.find { it.field == 'spec.commands.bad.env.DATABASE_URL' }.message",
                        containsString("looks like a credential"))
                .body(org.hamcrest.Matchers.not(containsString(KnexProject.PASSWORD)));
        assertNothingChanged(TestPlans.newName("none"));
    }
}
