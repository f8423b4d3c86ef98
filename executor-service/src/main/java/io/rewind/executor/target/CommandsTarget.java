package io.rewind.executor.target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.rewind.common.secret.SecretReference;
import io.rewind.executor.params.Names;
import io.rewind.executor.params.ParamReader;

/**
 * {@code commands}: the programs an admin lets steps run on the machine executor-service runs on, such as a framework's
 * migration rollback ({@code knex migrate:rollback}, {@code manage.py migrate shop 0001}, {@code rails db:rollback
 * STEP=1}), and the database whose migration table proves what they did.
 *
 * <p>Spec: {@code commands}, an object of named commands (each name a DNS label), each with {@code argv} (the program,
 * an absolute path or a command name found on executor-service's {@code PATH} when the admin defines the target and
 * stored resolved, then its arguments; an argument may hold placeholders such as {@code {steps}} or
 * {@code STEP={steps}}, which a step fills in), {@code workingDirectory} (absolute), optional {@code placeholders}
 * (for each placeholder of {@code argv}, the values a step may give: {@code {"enum": [...]}} or
 * {@code {"pattern": "[0-9]{1,3}"}} (a Java regular expression the whole value must match), and optionally a
 * {@code default} used when a step gives none; no value may start with {@code -}, or hold a line break or NUL),
 * {@code env} (variables, each a fixed non-secret string or a secret reference {@code {"env": ...}} or
 * {@code {"file": ...}}; a variable whose name says it is a credential ({@code DB_PASSWORD}, {@code DATABASE_URL}, ...)
 * and a string holding a URL's password must be references) and {@code timeoutSeconds} (1 to 3600, default 300).
 * The program gets {@code PATH} and {@code HOME} as executor-service has them, {@code LANG=C.UTF-8} and {@code env},
 * never executor-service's own environment.
 *
 * <p>And {@code migrations}: {@code framework} ({@code knex}, {@code django}, {@code rails} or {@code prisma}), optional
 * {@code table} (the framework's migration table, optionally qualified by its schema; by default {@code knex_migrations},
 * {@code django_migrations}, {@code schema_migrations} or {@code _prisma_migrations}) and {@code database} (the
 * database it is in, as a {@code postgres} target gives one: {@code url}, {@code username}, {@code password} by
 * reference). Steps read that table before and after, and a command is run only to move it.
 */
public record CommandsTarget(Map<String, Command> commands, Migrations migrations) implements TargetSpec {

    public static final List<String> FRAMEWORKS = List.of("knex", "django", "rails", "prisma");
    private static final Map<String, String> TABLES = Map.of("knex", "knex_migrations", "django", "django_migrations",
            "rails", "schema_migrations", "prisma", "_prisma_migrations");

    /** {@code {name}} in an argument. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]{0,31})\\}");
    /** What a placeholder's name may be, as a step writes it in {@code args}. */
    public static final Pattern PLACEHOLDER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");
    private static final Pattern COMMAND = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Names whose values are credentials, or carry one (a database URL holds its password). */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|pwd|secret|token|api[-_]?key|credential|private[-_]?key|database_url|db_url|dsn).*");
    /** A URL with a password in it: {@code postgres://user:password@host}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?s).*[A-Za-z][A-Za-z0-9+.-]*://[^/@\\s]*:[^/@\\s]*@.*");
    private static final Pattern TABLE = Pattern.compile("([a-z_][a-z0-9_$]{0,62}\\.)?[a-z_][a-z0-9_$]{0,62}");
    public static final int MAX_VALUE_LENGTH = 200;
    private static final int MAX_ARGS = 50;
    private static final int MAX_ARG_LENGTH = 1_000;
    private static final int MAX_COMMANDS = 50;

    /**
     * One command an admin defined.
     *
     * @param argv the program (resolved) and its arguments, placeholders unfilled
     * @param env fixed values (String) and secret references (SecretReference), by name
     */
    public record Command(List<String> argv, String workingDirectory, Map<String, Placeholder> placeholders,
            Map<String, Object> env, int timeoutSeconds) {

        /**
         * {@code argv} with {@code args} filled in; {@link Rendering#problems()} says, by placeholder (or {@code ""}
         * for the whole), why it cannot be, and is empty when it can.
         */
        public Rendering render(Map<String, String> args) {
            Map<String, String> problems = new LinkedHashMap<>();
            args.keySet().stream().filter(name -> !placeholders.containsKey(name)).forEach(name -> problems.put(name,
                    "is not a placeholder of this command (" + (placeholders.isEmpty() ? "it takes none"
                            : "it takes " + String.join(", ", placeholders.keySet())) + ")"));
            Map<String, String> values = new LinkedHashMap<>();
            placeholders.forEach((name, placeholder) -> {
                String value = args.getOrDefault(name, placeholder.defaultValue());
                if (value == null) {
                    problems.put(name, "is required: " + placeholder.describe());
                } else if (!placeholder.allows(value)) {
                    problems.put(name, "must be " + placeholder.describe() + ParamReader.echo(value));
                } else {
                    values.put(name, value);
                }
            });
            if (!problems.isEmpty()) {
                return new Rendering(null, problems);
            }
            List<String> rendered = new ArrayList<>();
            for (String arg : argv) {
                rendered.add(PLACEHOLDER.matcher(arg).replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1)))));
            }
            return new Rendering(List.copyOf(rendered), Map.of());
        }
    }

    /** A command's argument list with a step's values filled in, or why it cannot be. */
    public record Rendering(List<String> argv, Map<String, String> problems) {
    }

    /** The values a step may give a placeholder: one of {@code values}, or a match of {@code pattern}. */
    public record Placeholder(List<String> values, Pattern pattern, String defaultValue) {

        public boolean allows(String value) {
            return value != null && safe(value) && (values != null ? values.contains(value) : pattern.matcher(value).matches());
        }

        public String describe() {
            return values != null ? "one of " + String.join(", ", values) : "a value matching " + pattern.pattern();
        }
    }

    /** The framework's migration table and the database it is in. */
    public record Migrations(String framework, String table, PostgresTarget database) {
    }

    /** No value may be read as an option or break a line, whatever the admin's pattern allows. */
    static boolean safe(String value) {
        return !value.isEmpty() && value.length() <= MAX_VALUE_LENGTH && !value.startsWith("-")
                && value.chars().noneMatch(c -> c == 0 || c == '\n' || c == '\r');
    }

    static CommandsTarget read(ParamReader spec) {
        Map<?, ?> given = spec.object("commands", true);
        Map<String, Command> commands = new LinkedHashMap<>();
        if (given != null) {
            ParamReader all = spec.nested("commands", true);
            if (given.size() > MAX_COMMANDS) {
                spec.error("commands", "must name at most " + MAX_COMMANDS + " commands");
            }
            given.keySet().forEach(key -> {
                String name = String.valueOf(key);
                if (!Names.DNS_LABEL.matcher(name).matches()) {
                    all.get(name);
                    all.error(name, "must be a command name (a DNS label, such as knex-rollback)");
                    return;
                }
                ParamReader one = all.nested(name, true);
                if (one != null) {
                    Command command = command(one);
                    one.rejectUnknown();
                    if (command != null) {
                        commands.put(name, command);
                    }
                }
            });
        }
        Migrations migrations = migrations(spec);
        return new CommandsTarget(commands, migrations);
    }

    private static Command command(ParamReader command) {
        List<String> argv = argv(command);
        String dir = command.matching("workingDirectory", true, Names.ABSOLUTE_PATH,
                "must be an absolute path without '.' or '..' segments");
        Map<String, Placeholder> placeholders = placeholders(command, argv);
        Map<String, Object> env = env(command);
        Long timeout = command.integer("timeoutSeconds", false, 1, 3600);
        if (argv == null || dir == null || placeholders == null) {
            return null;
        }
        return new Command(argv, dir, placeholders, env, timeout == null ? 300 : timeout.intValue());
    }

    /** The argument list, its program resolved on the PATH now; null (and an error) when it is not one. */
    private static List<String> argv(ParamReader command) {
        Object value = command.get("argv");
        if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > MAX_ARGS) {
            command.error("argv", value == null ? "is required"
                    : "must be the program and its arguments as a non-empty array of at most " + MAX_ARGS + " strings");
            return null;
        }
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String arg) || arg.isEmpty() || arg.length() > MAX_ARG_LENGTH
                    || arg.indexOf('\0') >= 0) {
                command.error("argv[" + i + "]", "must be a non-empty string of at most " + MAX_ARG_LENGTH + " characters");
                return null;
            }
            argv.add(arg);
        }
        String program = argv.get(0);
        if (!Names.ABSOLUTE_PATH.matcher(program).matches() && !COMMAND.matcher(program).matches()) {
            command.error("argv[0]", "must be the program: an absolute path or a command name, without placeholders"
                    + ParamReader.echo(program));
            return null;
        }
        String resolved = HostTarget.onPath(program);
        if (resolved == null) {
            command.error("argv[0]", "'" + program + "' is not on executor-service's PATH: give its absolute path");
            return null;
        }
        argv.set(0, resolved);
        return argv;
    }

    /** Every placeholder of {@code argv}, declared; and only those. Null (and an error) when one is not. */
    private static Map<String, Placeholder> placeholders(ParamReader command, List<String> argv) {
        Set<String> used = new LinkedHashSet<>();
        if (argv != null) {
            argv.forEach(arg -> PLACEHOLDER.matcher(arg).results().forEach(m -> used.add(m.group(1))));
        }
        Map<?, ?> given = command.object("placeholders", false);
        Map<String, Placeholder> placeholders = new LinkedHashMap<>();
        boolean ok = true;
        ParamReader declared = given == null ? null : command.nested("placeholders", false);
        for (String name : used) {
            if (given == null || !given.containsKey(name)) {
                command.error("placeholders", "must declare {" + name + "}, which argv uses, with the values a step may give");
                ok = false;
            }
        }
        if (given != null) {
            for (Object key : given.keySet()) {
                String name = String.valueOf(key);
                if (!used.contains(name)) {
                    declared.get(name);
                    declared.error(name, "is not a placeholder of argv (it uses " + (used.isEmpty() ? "none"
                            : "{" + String.join("}, {", used) + "}") + ")");
                    ok = false;
                    continue;
                }
                Placeholder placeholder = placeholder(declared.nested(name, true));
                if (placeholder == null) {
                    ok = false;
                } else {
                    placeholders.put(name, placeholder);
                }
            }
        }
        return ok ? placeholders : null;
    }

    private static Placeholder placeholder(ParamReader declared) {
        if (declared == null) {
            return null;
        }
        int errors = declared.errors().size();
        List<String> values = null;
        Pattern pattern = null;
        if (declared.present("enum") == declared.present("pattern")) {
            declared.get("enum");
            declared.get("pattern");
            declared.error("enum", "give either enum (the values a step may give) or pattern (a regular expression they match)");
        } else if (declared.present("enum")) {
            values = declared.strings("enum", true, Pattern.compile("(?s).*"), "");
            if (values != null) {
                for (int i = 0; i < values.size(); i++) {
                    if (!safe(values.get(i))) {
                        declared.error("enum[" + i + "]", "must be at most " + MAX_VALUE_LENGTH
                                + " characters, not start with '-' and hold no line break" + ParamReader.echo(values.get(i)));
                    }
                }
            }
        } else {
            String regex = declared.text("pattern", true, MAX_VALUE_LENGTH);
            if (regex != null) {
                try {
                    pattern = Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    declared.error("pattern", "is not a regular expression: " + e.getDescription());
                }
            }
        }
        String defaultValue = declared.string("default", false, false);
        declared.rejectUnknown();
        if (declared.errors().size() > errors) {
            return null;
        }
        Placeholder placeholder = new Placeholder(values, pattern, defaultValue);
        if (defaultValue != null && !placeholder.allows(defaultValue)) {
            declared.error("default", "must be " + placeholder.describe() + ParamReader.echo(defaultValue));
            return null;
        }
        return placeholder;
    }

    /** Fixed strings and secret references, by name. */
    private static Map<String, Object> env(ParamReader command) {
        Map<?, ?> given = command.object("env", false);
        Map<String, Object> env = new LinkedHashMap<>();
        if (given == null) {
            return env;
        }
        ParamReader variables = command.nested("env", false);
        given.forEach((key, value) -> {
            String name = String.valueOf(key);
            if (!ENV_NAME.matcher(name).matches()) {
                variables.get(name);
                variables.error(name, "must be an environment variable name");
            } else if (value instanceof String text) {
                variables.get(name);
                if (SECRET_NAME.matcher(name).matches() || URL_PASSWORD.matcher(text).matches()) {
                    variables.error(name, "looks like a credential: give it as a secret reference ({\"env\": ...} or "
                            + "{\"file\": ...}), never as a value in the command");
                } else if (text.length() > MAX_ARG_LENGTH || text.indexOf('\0') >= 0) {
                    variables.error(name, "must be at most " + MAX_ARG_LENGTH + " characters, without NUL");
                } else {
                    env.put(name, text);
                }
            } else {
                SecretReference reference = TargetSpec.secret(variables, name, true);
                if (reference != null) {
                    env.put(name, reference);
                }
            }
        });
        return env;
    }

    private static Migrations migrations(ParamReader spec) {
        ParamReader migrations = spec.nested("migrations", true);
        if (migrations == null) {
            return null;
        }
        String framework = migrations.oneOf("framework", true, FRAMEWORKS);
        String table = migrations.matching("table", false, TABLE,
                "must be a table name, optionally qualified by its schema (shop.knex_migrations)");
        ParamReader database = migrations.nested("database", true);
        PostgresTarget postgres = null;
        if (database != null) {
            postgres = PostgresTarget.connection(database);
            database.rejectUnknown();
        }
        migrations.rejectUnknown();
        return framework == null ? null
                : new Migrations(framework, table == null ? TABLES.get(framework) : table, postgres);
    }

    /** The command a step runs: {@code name}, or the only one when it names none; null when there is no such one. */
    public Command command(String name) {
        return name != null ? commands.get(name) : commands.size() == 1 ? commands.values().iterator().next() : null;
    }

    /** Why a step cannot pick {@code name}; null when it can. */
    public String commandProblem(String name) {
        if (command(name) != null) {
            return null;
        }
        return (name == null ? "is required: the target defines " + commands.size() + " commands"
                : "names no command of this target" + ParamReader.echo(name)) + " (it defines "
                + String.join(", ", commands.keySet().stream().sorted().toList()) + ")";
    }

    /** The spec as stored: each command's program as found on the PATH when the admin defined the target. */
    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> stored(Map<String, Object> given) {
        Map<String, Object> stored = new LinkedHashMap<>(given);
        Map<String, Object> storedCommands = new LinkedHashMap<>((Map<String, Object>) given.get("commands"));
        commands.forEach((name, command) -> {
            Map<String, Object> one = new LinkedHashMap<>((Map<String, Object>) storedCommands.get(name));
            one.put("argv", command.argv());
            storedCommands.put(name, one);
        });
        stored.put("commands", storedCommands);
        return stored;
    }
}
