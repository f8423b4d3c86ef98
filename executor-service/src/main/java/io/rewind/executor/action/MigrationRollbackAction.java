package io.rewind.executor.action;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.common.secret.SecretReference;
import io.rewind.common.secret.SecretResolver;
import io.rewind.executor.StepKind;
import io.rewind.executor.params.MigrationRollbackParams;
import io.rewind.executor.repository.StepQueue;
import io.rewind.executor.target.CommandsTarget;

/**
 * {@code migration.rollback}: the runbook's "rolling back migrations" with the application's own framework
 * ({@code npx knex migrate:rollback}, {@code python manage.py migrate shop 0001}, {@code rails db:rollback STEP=1}), on
 * a {@code commands} target: it runs the command the step picks, with the placeholder values it gives, and proves by
 * the framework's migration table that the schema moved back as the step expects.
 *
 * <p>The snapshot reads the table's applied migrations and decides the list it must hold afterwards (the step's
 * {@code expectLatest} or {@code expectRemoved}); both are stored before the command runs. The command runs from its
 * argument list, never a shell, in the target's directory, with only {@code PATH}, {@code HOME}, {@code LANG} and the
 * target's variables (secrets resolved from their references at that moment), bounded by the command's timeout, its
 * output captured with secret values masked. It fails the step when it exits non-zero, when it is killed (timeout, or
 * the execution cancelled: the program is killed with what it started), or when it exits 0 and the table does not
 * hold the expected list.
 *
 * <p>A step resumed after its worker died reads the table first: when it already holds the expected list the command
 * is not run again; when it holds neither the list recorded before nor the expected one (something else migrated, or a
 * framework that is not transactional stopped half-way), it stops and says so rather than run the command again. Not
 * compensable: going forward again is the release's own migration.
 */
@ApplicationScoped
public class MigrationRollbackAction implements StepAction {

    private static final String PURPOSE = "migration.rollback";

    private final SecretResolver secrets;
    private final StepQueue queue;

    public MigrationRollbackAction(SecretResolver secrets, StepQueue queue) {
        this.secrets = secrets;
        this.queue = queue;
    }

    @Override
    public StepKind kind() {
        return StepKind.MIGRATION_ROLLBACK;
    }

    /** The command one step runs and the table it reads. */
    private static final class Run {

        final String targetName;
        final CommandsTarget target;
        final CommandsTarget.Command command;
        final String commandName;
        final List<String> argv;
        final MigrationRollbackParams params;

        Run(StepContext context) {
            targetName = context.target().name();
            target = context.target(CommandsTarget.class);
            params = context.params(MigrationRollbackParams.class);
            // The target may have changed since the plan was stored: its rules now decide.
            Map<String, String> problems = params.problemsFor(target);
            if (!problems.isEmpty()) {
                throw new StepFailure("error: target '" + targetName + "' does not allow this step now: "
                        + String.join("; ", problems.entrySet().stream().map(e -> "params." + e.getKey() + " " + e.getValue())
                                .toList()) + "; nothing was run");
            }
            command = target.command(params.command());
            commandName = params.command() != null ? params.command() : target.commands().keySet().iterator().next();
            argv = command.render(params.args()).argv();
        }

        String table() {
            return target.migrations().table();
        }

        /** The applied migrations, oldest first, as the framework's table holds them. */
        List<String> applied() {
            CommandsTarget.Migrations migrations = target.migrations();
            String sql = switch (migrations.framework()) {
                case "knex" -> "SELECT name FROM " + table() + " ORDER BY id";
                case "django" -> "SELECT app || '.' || name FROM " + table() + " ORDER BY id";
                case "rails" -> "SELECT version FROM " + table() + " ORDER BY length(version), version";
                case "prisma" -> "SELECT migration_name FROM " + table()
                        + " WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name";
                default -> throw new StepFailure("error: unknown framework " + migrations.framework());
            };
            try (Connection connection = DownMigrationAction.connect(targetName, migrations.database(), PURPOSE);
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(sql)) {
                List<String> applied = new ArrayList<>();
                while (rs.next()) {
                    applied.add(rs.getString(1));
                }
                return applied;
            } catch (SQLException e) {
                if ("42P01".equals(e.getSQLState())) {
                    throw new StepFailure("error: the database of target '" + targetName + "' has no " + migrations.framework()
                            + " migration table " + table() + " (has the application migrated it?)");
                }
                throw new IllegalStateException("could not read " + table() + " of target '" + targetName + "': "
                        + e.getMessage(), e);
            }
        }

        /** What the table must hold after the rollback, from {@code applied} and the step's expectation. */
        List<String> expected(List<String> applied) {
            if (params.expectRemoved() != null) {
                if (params.expectRemoved() > applied.size()) {
                    throw new StepFailure("error: " + table() + " of target '" + targetName + "' holds " + applied.size()
                            + " applied migrations; the step expects " + params.expectRemoved() + " to go");
                }
                return List.copyOf(applied.subList(0, applied.size() - params.expectRemoved()));
            }
            String latest = params.expectLatest();
            int at = applied.lastIndexOf(latest);
            if (at < 0) {
                throw new StepFailure("error: migration " + latest + " is not applied in " + table() + " of target '"
                        + targetName + "', so the schema cannot be rolled back to it (newest applied: "
                        + (applied.isEmpty() ? "none" : String.join(", ", applied.subList(Math.max(0, applied.size() - 5),
                                applied.size()))) + ")");
            }
            // Django's table holds every app's migrations, interleaved: rolling one app back leaves the others.
            String group = group(latest);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < applied.size(); i++) {
                if (i <= at || !group(applied.get(i)).equals(group)) {
                    expected.add(applied.get(i));
                }
            }
            return List.copyOf(expected);
        }

        private String group(String migration) {
            return "django".equals(target.migrations().framework()) && migration.contains(".")
                    ? migration.substring(0, migration.indexOf('.')) : "";
        }

        /** The table's state for before- and after-states. */
        Map<String, Object> state(List<String> applied) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("framework", target.migrations().framework());
            state.put("table", table());
            state.put("latest", applied.isEmpty() ? null : applied.get(applied.size() - 1));
            state.put("applied", applied);
            return state;
        }

        String says(List<String> applied) {
            return table() + " of target '" + targetName + "' holds " + applied.size() + " migrations, the newest "
                    + (applied.isEmpty() ? "none" : applied.get(applied.size() - 1));
        }
    }

    private static List<String> removed(List<String> from, List<String> to) {
        List<String> removed = new ArrayList<>(from);
        removed.removeAll(to);
        return removed;
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        Run run = new Run(context);
        List<String> applied = run.applied();
        Map<String, Object> before = run.state(applied);
        before.put("expected", run.expected(applied));
        before.put("command", run.commandName);
        before.put("argv", run.argv);
        return before;
    }

    @Override
    public Preview dryRun(StepContext context) {
        Run run = new Run(context);
        environment(run);
        List<String> applied = run.applied();
        List<String> expected = run.expected(applied);
        Map<String, Object> before = run.state(applied);
        Map<String, Object> wouldBe = run.state(expected);
        if (applied.equals(expected)) {
            wouldBe.put("argv", List.of());
            return new Preview(before, wouldBe, run.says(applied) + ", as the step expects after: nothing to run");
        }
        wouldBe.put("removed", removed(applied, expected));
        wouldBe.put("argv", run.argv);
        return new Preview(before, wouldBe, "would run " + String.join(" ", run.argv) + " in "
                + run.command.workingDirectory() + " (command '" + run.commandName + "', timeout "
                + run.command.timeoutSeconds() + "s) and expect " + run.table() + " to lose "
                + removed(applied, expected) + ", its newest then "
                + (expected.isEmpty() ? "none" : expected.get(expected.size() - 1)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Outcome apply(StepContext context) {
        Run run = new Run(context);
        List<String> before = (List<String>) context.recorded("applied");
        List<String> expected = (List<String>) context.recorded("expected");
        List<String> now = run.applied();
        if (now.equals(expected)) {
            return new Outcome.Done(run.state(now), run.says(now) + ", as the step expects: the command was not run"
                    + (before.equals(expected) ? "" : " again"));
        }
        if (!now.equals(before)) {
            throw new StepFailure("error: " + run.says(now) + ", neither what it held when this step began ("
                    + before.size() + " migrations) nor what the rollback should leave (" + expected.size()
                    + "): something else migrated, or an earlier attempt stopped half-way; the command was not run");
        }
        Map<String, String> env = environment(run);
        Programs.Result result = Programs.run(run.argv, Path.of(run.command.workingDirectory()), env,
                Duration.ofSeconds(run.command.timeoutSeconds()), cancelled(context));
        String output = masked(run, env, (result.out() + (result.err().isBlank() ? "" : "\n" + result.err())).strip());
        if (!result.ok()) {
            throw new StepFailure("error: command '" + run.commandName + "' of target '" + run.targetName + "' failed: "
                    + masked(run, env, result.said()) + (result.timedOutAfter() == null && result.stoppedBecause() == null
                            ? " (exit status " + result.exit() + ")" : "")
                    + "; " + run.says(run.applied()));
        }
        List<String> after = run.applied();
        if (!after.equals(expected)) {
            throw new StepFailure("error: " + String.join(" ", run.argv) + " exited 0, but " + run.says(after)
                    + ", not the " + expected.size() + " the step expects (newest "
                    + (expected.isEmpty() ? "none" : expected.get(expected.size() - 1)) + "); its output: "
                    + Programs.tail(output));
        }
        Map<String, Object> state = run.state(after);
        state.put("removed", removed(before, after));
        state.put("exitStatus", result.exit());
        return new Outcome.Done(state, "ran " + String.join(" ", run.argv) + " in " + run.command.workingDirectory()
                + ": exit status 0; " + run.table() + " lost " + removed(before, after) + ", newest now "
                + (after.isEmpty() ? "none" : after.get(after.size() - 1)) + (output.isEmpty() ? "" : "\n"
                        + Programs.tail(output)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Check verify(StepContext context, Outcome.Done done) {
        Run run = new Run(context);
        List<String> now = run.applied();
        return now.equals(done.after().get("applied")) ? Check.ok(run.says(now))
                : Check.failed(run.says(now) + ", not " + ((List<String>) done.after().get("applied")).size()
                        + " as the rollback left it: something migrated since");
    }

    /** {@code PATH}, {@code HOME}, {@code LANG}, then the command's variables, secrets resolved now. */
    private Map<String, String> environment(Run run) {
        Map<String, String> env = new LinkedHashMap<>();
        String path = System.getenv("PATH");
        env.put("PATH", path == null || path.isBlank() ? "/usr/local/bin:/usr/bin:/bin" : path);
        String home = System.getenv("HOME");
        env.put("HOME", home == null ? System.getProperty("user.home") : home);
        env.put("LANG", "C.UTF-8");
        run.command.env().forEach((name, value) -> env.put(name, value instanceof SecretReference reference
                ? secrets.resolve(reference).orElseThrow(() -> new StepFailure("error: " + name + " of command '"
                        + run.commandName + "' of target '" + run.targetName + "' comes from " + reference.describe()
                        + ", which is not set or not readable on this replica; nothing was run"))
                : (String) value));
        return env;
    }

    /** {@code text} with the value of every variable that came from a secret reference masked. */
    private static String masked(Run run, Map<String, String> env, String text) {
        String shown = text;
        for (Map.Entry<String, Object> variable : run.command.env().entrySet()) {
            String value = env.get(variable.getKey());
            if (variable.getValue() instanceof SecretReference && value != null && !value.isEmpty()) {
                shown = shown.replace(value, Masks.literal(value));
            }
        }
        return shown;
    }

    /** Asked while the command runs: who cancelled the execution, so the command is killed; null otherwise. */
    private Supplier<String> cancelled(StepContext context) {
        if (context.execution() == null) {
            return null;
        }
        return () -> {
            try {
                String by = queue.cancelledBy(context.execution().id()).await().atMost(Duration.ofSeconds(10));
                return by == null ? null : "the execution was cancelled by " + by;
            } catch (RuntimeException e) {
                // The command's own timeout still bounds it; the next poll asks again.
                return null;
            }
        };
    }
}
