package io.rewind.executor.service;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.rewind.common.ServiceNames;
import io.rewind.common.problem.Problem;
import io.rewind.executor.Step;
import io.rewind.executor.StepKind;

/**
 * Checks the steps of a plan before it is stored: names, timeouts and the parameters each {@link StepKind} documents.
 * A pure function: it returns every problem found, each naming its field as a JSON path into the request
 * ({@code steps[2].params.replicas}), and an empty list for valid steps.
 *
 * <p>It checks shape, not the world: that the Deployment exists or the database is registered is checked when the plan
 * runs, because either may change between storing a plan and needing it.
 */
public final class StepValidator {

    public static final int MAX_STEPS = 100;
    public static final int MAX_NAME_LENGTH = 100;
    /** The longest a single step may run; a plan that needs longer should be split at an approval. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    static final int MAX_SCRIPT_LENGTH = 1_000_000;
    static final int MAX_TEXT_LENGTH = 5_000;
    private static final int MAX_ECHOED_VALUE = 60;

    private static final Pattern DNS_LABEL = Pattern.compile(ServiceNames.PATTERN);
    private static final Pattern DNS_SUBDOMAIN = Pattern
            .compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern LABEL_KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
    // Written into nginx configuration: whitespace, ';', braces or quotes would let a value add directives.
    private static final Pattern NGINX_UPSTREAM_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern NGINX_SERVER = Pattern.compile("[A-Za-z0-9_.:\\[\\]/-]+");
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("/[^\\x00\\r\\n]*[^/\\x00\\r\\n]");
    private static final Pattern COMMAND = Pattern.compile("[A-Za-z0-9_.+-]+");
    private static final Pattern FLAG_KEY = Pattern.compile("[A-Za-z0-9_.:~-]{1,100}");
    private static final Pattern SCHEMA_VERSION = Pattern.compile("[A-Za-z0-9_.-]{1,50}");
    private static final Pattern SECRET_LIKE = Pattern
            .compile("(?i).*(token|password|passwd|secret|api[-_]?key|credential).*");

    private static final List<String> FLAG_PROVIDERS = List.of("unleash", "flagd");
    private static final List<String> HTTP_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final List<String> OPERATORS = List.of("lt", "le", "gt", "ge");
    private static final List<String> STATUSES = List.of("investigating", "identified", "monitoring", "resolved");
    private static final List<String> IMPACTS = List.of("none", "minor", "major", "critical");
    private static final List<String> COMPONENT_STATUSES = List.of("operational", "degraded_performance", "partial_outage",
            "major_outage", "under_maintenance");

    private StepValidator() {
    }

    /** Every problem of {@code steps}, in the order of the steps; empty when they can be stored. */
    public static List<Problem.FieldError> validate(List<Step> steps) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            String at = "steps[" + i + "]";
            Step step = steps.get(i);
            if (step == null) {
                errors.add(new Problem.FieldError(at, "is required"));
                continue;
            }
            checkName(step.name(), i, names, at + ".name", errors);
            checkTimeout(step.timeout(), at + ".timeout", errors);
            if (step.kind() == null) {
                errors.add(new Problem.FieldError(at + ".kind", "is required"));
                continue;
            }
            Params params = new Params(at + ".params", step.kind(), step.params(), errors);
            checkParams(params);
            params.rejectUnknown();
            if (step.kind() == StepKind.WAIT && step.timeout() != null && step.params().get("duration") instanceof String text) {
                Duration duration = parseDuration(text);
                if (duration != null && step.timeout().compareTo(duration) <= 0) {
                    errors.add(new Problem.FieldError(at + ".timeout", "must be longer than params.duration (" + duration + ")"));
                }
            }
        }
        return errors;
    }

    private static void checkName(String name, int index, Map<String, Integer> names, String field,
            List<Problem.FieldError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new Problem.FieldError(field, "is required"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            errors.add(new Problem.FieldError(field, "must be at most " + MAX_NAME_LENGTH + " characters"));
        } else {
            // Ignoring case: "Undo checkout" and "undo checkout" would be indistinguishable in an execution's log.
            Integer first = names.putIfAbsent(name.strip().toLowerCase(Locale.ROOT), index);
            if (first != null) {
                errors.add(new Problem.FieldError(field, "repeats the name of steps[" + first + "]; step names must be unique within a plan"));
            }
        }
    }

    private static void checkTimeout(Duration timeout, String field, List<Problem.FieldError> errors) {
        if (timeout == null) {
            return;
        }
        if (timeout.isNegative() || timeout.isZero()) {
            errors.add(new Problem.FieldError(field, "must be positive"));
        } else if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            errors.add(new Problem.FieldError(field, "must be at most " + MAX_TIMEOUT));
        }
    }

    private static void checkParams(Params p) {
        switch (p.kind) {
            case KUBERNETES_UNDO -> {
                namespaceAndDeployment(p);
                p.integer("toRevision", false, 1, Long.MAX_VALUE);
            }
            case KUBERNETES_SCALE -> {
                namespaceAndDeployment(p);
                p.integer("replicas", true, 0, Integer.MAX_VALUE);
            }
            case KUBERNETES_SET_ENV -> {
                namespaceAndDeployment(p);
                p.matching("container", false, DNS_LABEL, "must be a container name (a DNS label)");
                p.matching("name", true, ENV_NAME, "must be an environment variable name");
                p.string("value", true, true);
            }
            case KUBERNETES_SWITCH_SERVICE -> {
                p.matching("namespace", true, DNS_LABEL, "must be a namespace name (a DNS label)");
                p.matching("service", true, DNS_1035_LABEL, "must be a Service name (a DNS-1035 label)");
                selector(p);
            }
            case ISTIO_SET_WEIGHTS -> {
                p.matching("namespace", true, DNS_LABEL, "must be a namespace name (a DNS label)");
                p.matching("virtualService", true, DNS_SUBDOMAIN, "must be a VirtualService name (a DNS subdomain)");
                p.string("route", false, false);
                weights(p);
            }
            case NGINX_SWITCH_UPSTREAM -> {
                p.matching("includeFile", true, ABSOLUTE_PATH, "must be the absolute path of a file");
                upstream(p);
                String binary = p.string("nginxBinary", false, false);
                if (binary != null && !ABSOLUTE_PATH.matcher(binary).matches() && !COMMAND.matcher(binary).matches()) {
                    p.error("nginxBinary", "must be an absolute path or a command name" + echo(binary));
                }
                p.matching("prefix", false, ABSOLUTE_PATH, "must be an absolute path");
                p.matching("config", false, ABSOLUTE_PATH, "must be the absolute path of nginx's main configuration file");
            }
            case FLAG_DISABLE -> flag(p);
            case POSTGRES_DOWN_MIGRATION -> {
                database(p);
                String script = p.string("script", true, false);
                if (script != null && script.length() > MAX_SCRIPT_LENGTH) {
                    p.error("script", "must be at most " + MAX_SCRIPT_LENGTH + " characters");
                }
                String before = p.schemaVersion("expectedVersionBefore");
                String after = p.schemaVersion("expectedVersionAfter");
                if (before != null && before.equals(after)) {
                    p.error("expectedVersionAfter", "must differ from expectedVersionBefore: a down-migration changes the version");
                }
            }
            case POSTGRES_RESTORE -> {
                database(p);
                String backupId = p.string("backupId", false, false);
                if (backupId != null && !isUuid(backupId)) {
                    p.error("backupId", "must be the UUID of a backup" + echo(backupId));
                }
                p.bool("force");
            }
            case VERIFY_ROLLOUT_STATUS -> namespaceAndDeployment(p);
            case VERIFY_HTTP -> {
                String url = p.string("url", true, false);
                if (url != null && !isHttpUrl(url)) {
                    p.error("url", "must be an absolute http or https URL" + echo(url));
                }
                p.oneOf("method", false, HTTP_METHODS);
                p.integer("expectStatus", false, 100, 599);
                p.string("bodyContains", false, false);
                p.integer("retries", false, 0, 100);
            }
            case VERIFY_METRIC -> metric(p);
            case STATUS_UPDATE -> {
                p.oneOf("status", true, STATUSES);
                p.oneOf("impact", false, IMPACTS);
                components(p);
                boolean template = p.present("template");
                boolean message = p.present("message");
                p.matching("template", false, DNS_LABEL, "must be a template name: lower-case letters, digits and '-'");
                p.text("message", false);
                if (template && message) {
                    p.error("message", "cannot be combined with template: give one of them");
                } else if (!template && !message) {
                    p.error("message", "is required (or template)");
                }
            }
            case WAIT -> {
                String text = p.string("duration", true, false);
                if (text != null) {
                    Duration duration = parseDuration(text);
                    if (duration == null) {
                        p.error("duration", "must be an ISO-8601 duration (e.g. PT30S)" + echo(text));
                    } else if (duration.isNegative() || duration.isZero()) {
                        p.error("duration", "must be positive");
                    } else if (duration.compareTo(MAX_TIMEOUT) > 0) {
                        p.error("duration", "must be at most " + MAX_TIMEOUT);
                    }
                }
            }
            case APPROVAL -> p.text("message", false);
        }
    }

    private static void namespaceAndDeployment(Params p) {
        p.matching("namespace", true, DNS_LABEL, "must be a namespace name (a DNS label)");
        p.matching("deployment", true, DNS_SUBDOMAIN, "must be a Deployment name (a DNS subdomain)");
    }

    private static void database(Params p) {
        p.matching("database", true, DNS_LABEL, "must be the name of a registered database (a DNS label)");
    }

    private static void selector(Params p) {
        Map<?, ?> selector = p.object("selector", true);
        if (selector == null) {
            return;
        }
        selector.forEach((key, value) -> {
            if (!LABEL_KEY.matcher(key.toString()).matches()) {
                p.error("selector", "has a key that is not a Kubernetes label key" + echo(key.toString()));
            } else if (!(value instanceof String text) || !LABEL_VALUE.matcher(text).matches()) {
                p.error("selector." + key, "must be a Kubernetes label value (a string)");
            }
        });
    }

    /** Component name (as on the status page) to the status the update puts it in. */
    private static void components(Params p) {
        Map<?, ?> components = p.object("components", false);
        if (components == null) {
            return;
        }
        if (components.isEmpty()) {
            p.error("components", "must name at least one component (or be left out)");
        }
        components.forEach((name, status) -> {
            if (name.toString().isBlank() || name.toString().length() > 100) {
                p.error("components", "has a name that is not a component name (1 to 100 characters)");
            } else if (!(status instanceof String text) || !COMPONENT_STATUSES.contains(text)) {
                p.error("components." + name, "must be one of " + String.join(", ", COMPONENT_STATUSES));
            }
        });
    }

    private static void weights(Params p) {
        Map<?, ?> weights = p.object("weights", true);
        if (weights == null) {
            return;
        }
        long sum = 0;
        boolean valid = true;
        for (Map.Entry<?, ?> entry : weights.entrySet()) {
            String subset = entry.getKey().toString();
            Long weight = integral(entry.getValue());
            if (!DNS_LABEL.matcher(subset).matches()) {
                p.error("weights", "has a subset name that is not a DNS label" + echo(subset));
                valid = false;
            } else if (weight == null || weight < 0 || weight > 100) {
                p.error("weights." + subset, "must be an integer from 0 to 100");
                valid = false;
            } else {
                sum += weight;
            }
        }
        if (valid && sum != 100) {
            p.error("weights", "must add up to 100 (they add up to " + sum + ")");
        }
    }

    private static void upstream(Params p) {
        Object upstream = p.get("upstream");
        if (upstream == null) {
            p.error("upstream", "is required");
        } else if (upstream instanceof String name) {
            if (!NGINX_UPSTREAM_NAME.matcher(name).matches()) {
                p.error("upstream", "must be the name of an upstream block" + echo(name));
            }
        } else if (upstream instanceof List<?> servers) {
            if (servers.isEmpty()) {
                p.error("upstream", "must list at least one server");
            }
            for (int i = 0; i < servers.size(); i++) {
                if (!(servers.get(i) instanceof String server) || !NGINX_SERVER.matcher(server).matches()) {
                    p.error("upstream[" + i + "]", "must be a server address such as 10.0.0.7:8080 or unix:/run/app.sock");
                }
            }
        } else {
            p.error("upstream", "must be the name of an upstream block or an array of servers");
        }
    }

    private static void flag(Params p) {
        String provider = p.oneOf("provider", true, FLAG_PROVIDERS);
        p.matching("feature", true, FLAG_KEY, "must be a feature flag name");
        if ("unleash".equals(provider)) {
            String url = p.string("url", true, false);
            if (url != null && !isHttpUrl(url)) {
                p.error("url", "must be the http or https URL of the Unleash server" + echo(url));
            }
            p.text("project", true);
            p.text("environment", true);
        } else if ("flagd".equals(provider)) {
            p.matching("namespace", true, DNS_LABEL, "must be a namespace name (a DNS label)");
            p.matching("configMap", true, DNS_SUBDOMAIN, "must be a ConfigMap name (a DNS subdomain)");
            p.matching("key", false, CONFIG_MAP_KEY, "must be a ConfigMap key");
        } else {
            // Which other parameters belong depends on the provider; the provider's own error says what to fix.
            p.acceptTheRest();
        }
    }

    private static void metric(Params p) {
        p.text("query", true);
        boolean absolute = p.present("threshold") || p.present("operator");
        boolean relative = p.present("baselineQuery") || p.present("maxIncreasePercent");
        if (absolute && relative) {
            p.error("baselineQuery", "cannot be combined with threshold: give threshold and operator, "
                    + "or baselineQuery and maxIncreasePercent");
        } else if (relative) {
            p.text("baselineQuery", true);
            BigDecimal increase = p.number("maxIncreasePercent", true);
            if (increase != null && increase.signum() < 0) {
                p.error("maxIncreasePercent", "must be 0 or more");
            }
        } else {
            if (p.present("threshold")) {
                p.number("threshold", false);
            } else {
                p.error("threshold", absolute ? "is required" : "is required (or baselineQuery and maxIncreasePercent)");
            }
            p.oneOf("operator", absolute, OPERATORS);
        }
        // Both forms' parameters belong to verify.metric, whichever form was chosen.
        p.get("threshold");
        p.get("operator");
        p.get("baselineQuery");
        p.get("maxIncreasePercent");
    }

    private static Duration parseDuration(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A JSON number with an integral value, clamped to the range of a long, or null for anything else. {@code 3.0} is
     * an integer: JSON does not tell it from {@code 3}, and clients in JavaScript may write either.
     */
    static Long integral(Object value) {
        BigDecimal decimal;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        } else if (value instanceof BigInteger big) {
            decimal = new BigDecimal(big);
        } else if (value instanceof BigDecimal big) {
            decimal = big;
        } else if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            decimal = BigDecimal.valueOf(((Number) value).doubleValue());
        } else {
            return null;
        }
        if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
            return null;
        }
        if (decimal.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Long.MAX_VALUE;
        }
        if (decimal.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            return Long.MIN_VALUE;
        }
        return decimal.longValueExact();
    }

    private static String echo(String value) {
        String shown = value.length() > MAX_ECHOED_VALUE ? value.substring(0, MAX_ECHOED_VALUE) + "…" : value;
        return " (got '" + shown + "')";
    }

    /** The parameters of one step: typed reads that record an error for a missing or ill-typed value. */
    private static final class Params {

        private final String at;
        private final StepKind kind;
        private final Map<String, Object> values;
        private final List<Problem.FieldError> errors;
        private final Set<String> known = new LinkedHashSet<>();

        Params(String at, StepKind kind, Map<String, Object> values, List<Problem.FieldError> errors) {
            this.at = at;
            this.kind = kind;
            this.values = values;
            this.errors = errors;
        }

        Object get(String key) {
            known.add(key);
            return values.get(key);
        }

        /** Present and not null: JSON null reads as absent. */
        boolean present(String key) {
            return values.get(key) != null;
        }

        void error(String key, String message) {
            errors.add(new Problem.FieldError(at + "." + key, message));
        }

        String string(String key, boolean required, boolean blankAllowed) {
            Object value = get(key);
            if (value == null) {
                if (required) {
                    error(key, "is required");
                }
                return null;
            }
            if (!(value instanceof String text)) {
                error(key, "must be a string");
                return null;
            }
            if (!blankAllowed && text.isBlank()) {
                error(key, "must not be blank");
                return null;
            }
            return text;
        }

        /** Free text, bounded so a plan stays readable. */
        String text(String key, boolean required) {
            String text = string(key, required, false);
            if (text != null && text.length() > MAX_TEXT_LENGTH) {
                error(key, "must be at most " + MAX_TEXT_LENGTH + " characters");
                return null;
            }
            return text;
        }

        String matching(String key, boolean required, Pattern pattern, String message) {
            String text = string(key, required, false);
            if (text != null && !pattern.matcher(text).matches()) {
                error(key, message + echo(text));
                return null;
            }
            return text;
        }

        String oneOf(String key, boolean required, List<String> accepted) {
            Object value = get(key);
            if (value == null) {
                if (required) {
                    error(key, "is required");
                }
                return null;
            }
            if (!(value instanceof String text) || !accepted.contains(text)) {
                error(key, "must be one of " + String.join(", ", accepted)
                        + (value instanceof String text ? echo(text) : ""));
                return null;
            }
            return text;
        }

        Long integer(String key, boolean required, long min, long max) {
            Object value = get(key);
            if (value == null) {
                if (required) {
                    error(key, "is required");
                }
                return null;
            }
            Long number = integral(value);
            if (number == null || number < min || number > max) {
                error(key, "must be " + (min == 1 && max == Long.MAX_VALUE ? "a positive integer"
                        : max >= Integer.MAX_VALUE ? "an integer, " + min + " or more"
                        : "an integer from " + min + " to " + max));
                return null;
            }
            return number;
        }

        BigDecimal number(String key, boolean required) {
            Object value = get(key);
            if (value == null) {
                if (required) {
                    error(key, "is required");
                }
                return null;
            }
            if (value instanceof Number number && !(value instanceof Double d && !Double.isFinite(d))) {
                return new BigDecimal(number.toString());
            }
            error(key, "must be a number");
            return null;
        }

        Boolean bool(String key) {
            Object value = get(key);
            if (value != null && !(value instanceof Boolean)) {
                error(key, "must be true or false");
                return null;
            }
            return (Boolean) value;
        }

        Map<?, ?> object(String key, boolean required) {
            Object value = get(key);
            if (value == null) {
                if (required) {
                    error(key, "is required");
                }
                return null;
            }
            if (!(value instanceof Map<?, ?> map)) {
                error(key, "must be an object");
                return null;
            }
            if (map.isEmpty()) {
                error(key, "must not be empty");
                return null;
            }
            return map;
        }

        /** A schema version as Flyway and most tools write it: a string, or an integer for plain numbered versions. */
        String schemaVersion(String key) {
            Object value = get(key);
            if (value == null) {
                error(key, "is required");
                return null;
            }
            Long number = integral(value);
            String version = number != null ? number.toString() : value instanceof String text ? text : null;
            if (version == null || !SCHEMA_VERSION.matcher(version).matches()) {
                error(key, "must be a schema version such as \"42\" or \"1.4.2\"");
                return null;
            }
            return version;
        }

        void acceptTheRest() {
            known.addAll(values.keySet());
        }

        void rejectUnknown() {
            values.keySet().stream().filter(key -> !known.contains(key)).sorted().forEach(key -> {
                if (SECRET_LIKE.matcher(key).matches()) {
                    error(key, "looks like a secret: secrets do not belong in a plan, which every viewer can read; "
                            + "configure them on executor-service");
                } else {
                    error(key, "is not a parameter of " + kind + " (it takes " + String.join(", ", known) + ")");
                }
            });
        }
    }
}
