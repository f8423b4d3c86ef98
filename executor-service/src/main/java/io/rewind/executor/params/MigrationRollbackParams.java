package io.rewind.executor.params;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.rewind.executor.target.CommandsTarget;

/**
 * {@code migration.rollback}: runs one of a {@code commands} target's commands to roll a framework's migrations back
 * (Knex, Django, Rails, Prisma), and proves by the target's migration table that the schema moved back as expected.
 *
 * <p>Params: {@code command}, the name of one of the target's commands (optional when it defines only one);
 * {@code args}, the values of the command's placeholders ({@code {"steps": "1"}}, strings or integers), each one the
 * target allows for it; and exactly one expectation of the migration table after the command: {@code expectLatest},
 * the newest migration that must then still be applied (for Django {@code app.migration}, such as
 * {@code shop.0001_initial}: the later migrations of that app go), or {@code expectRemoved}, how many of the newest
 * applied migrations must go (1 to 1000). The program, its arguments other than the placeholders, its directory and
 * its environment are the target's: a step cannot name a program, add an argument or set a variable.
 *
 * @param command the command's name, or null for the target's only one
 * @param args the placeholders' values, as strings
 * @param expectLatest the newest migration applied after the command, or null
 * @param expectRemoved how many migrations go, or null
 */
public record MigrationRollbackParams(String command, Map<String, String> args, String expectLatest, Integer expectRemoved)
        implements StepParams {

    /** A migration's name in any of the frameworks' tables: {@code 20240115_add_coupon.js}, {@code shop.0002_coupon}. */
    private static final Pattern MIGRATION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");

    public static MigrationRollbackParams read(ParamReader p) {
        String command = p.matching("command", false, Names.DNS_LABEL, "must be the name of one of the target's commands");
        Map<String, String> args = new LinkedHashMap<>();
        Map<?, ?> given = p.object("args", false);
        if (given != null) {
            ParamReader values = p.nested("args", false);
            given.forEach((key, value) -> {
                String name = String.valueOf(key);
                values.get(name);
                Long number = value instanceof String ? null : ParamReader.integral(value);
                if (!CommandsTarget.PLACEHOLDER_NAME.matcher(name).matches()) {
                    values.error(name, "is not a placeholder name");
                } else if (value instanceof String text && text.length() <= CommandsTarget.MAX_VALUE_LENGTH) {
                    args.put(name, text);
                } else if (number != null) {
                    args.put(name, number.toString());
                } else {
                    values.error(name, "must be a string of at most " + CommandsTarget.MAX_VALUE_LENGTH
                            + " characters or an integer");
                }
            });
        }
        String latest = p.matching("expectLatest", false, MIGRATION,
                "must be a migration's name as its table holds it, such as 20240115_add_coupon.js or shop.0001_initial");
        Long removed = p.integer("expectRemoved", false, 1, 1000);
        if (p.present("expectLatest") == p.present("expectRemoved")) {
            p.error("expectLatest", "give exactly one of expectLatest (the newest migration applied after the rollback) "
                    + "and expectRemoved (how many migrations it removes): the migration table must prove the rollback");
        }
        return new MigrationRollbackParams(command, Map.copyOf(args), latest, removed == null ? null : removed.intValue());
    }

    /**
     * Why {@code target} does not let this step run: by field under {@code params} ({@code command},
     * {@code args.steps}); empty when it does.
     */
    public Map<String, String> problemsFor(CommandsTarget target) {
        Map<String, String> problems = new LinkedHashMap<>();
        String commandProblem = target.commandProblem(command);
        if (commandProblem != null) {
            problems.put("command", commandProblem);
            return problems;
        }
        target.command(command).render(args).problems()
                .forEach((name, problem) -> problems.put("args." + name, problem));
        return problems;
    }
}
