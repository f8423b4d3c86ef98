package io.rewind.executor.action;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How steps show values that may be secrets: literal environment values (a database password is often one) and
 * whatever embeds them (kubectl's last-applied copy, the {@code kubectl set env} command line a change-cause records,
 * a container's {@code --password=...} argument, an nginx {@code proxy_set_header Authorization} line, a SQL
 * {@code PASSWORD '...'} literal). A masked value keeps whether it was set and a short keyed mark, so before and after
 * can still be told apart without the value itself being shown or guessable. What is stored is not masked:
 * compensation puts back exactly what was there.
 */
public final class Masks {

    /** kubectl's copy of the last applied object, which holds every literal environment value of its pod template. */
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /** The command line {@code kubectl ... --record} stored, e.g. {@code kubectl set env deployment/x DB_PASSWORD=...}. */
    public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

    /** A name that says its value is a credential: {@code DB_PASSWORD}, {@code --api-key}, {@code X-Auth-Token}. */
    private static final Pattern SECRET_NAME = Pattern
            .compile("(?i).*(password|passwd|pwd|secret|token|api[-_]?key|credential|auth|cookie|private[-_]?key).*");
    /** {@code NAME=value}, {@code --name=value}, {@code --env=NAME=value}, {@code --from-literal=NAME=value}. */
    private static final Pattern ASSIGNMENT = Pattern.compile("^(-{1,2}(?:env|from-literal)=)?(-{0,2}[A-Za-z_][A-Za-z0-9_.-]*)=(.*)$",
            Pattern.DOTALL);
    /** nginx directives that set a header or a parameter: the header's name, then its value. */
    private static final Pattern NGINX_HEADER = Pattern.compile(
            "(?im)^(\\s*(?:proxy_set_header|grpc_set_header|add_header|fastcgi_param|uwsgi_param|scgi_param)\\s+)(\\S+)(\\s+)([^;]*)(;)");
    /** nginx directives whose argument is itself a secret, and {@code set $something_token value;}. */
    private static final Pattern NGINX_SECRET = Pattern.compile(
            "(?im)^(\\s*(?:secure_link_secret|set\\s+\\$\\S*(?:password|passwd|secret|token|api_?key)\\S*)\\s+)([^;]*)(;)");
    /** SQL: {@code PASSWORD 'x'} (CREATE or ALTER ROLE/USER), also as E'...' or a dollar-quoted string. */
    private static final Pattern SQL_PASSWORD = Pattern.compile(
            "(?i)(\\bPASSWORD\\s+)(E?'(?:[^'\\\\]|''|\\\\.)*'|\\$([A-Za-z0-9_]*)\\$.*?\\$\\3\\$)", Pattern.DOTALL);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private static final SecretKeySpec KEY = newKey();

    private Masks() {
    }

    /**
     * {@code "***1f3870be"} for a value, the empty string as it is (nothing to hide), null as null. The mark is an
     * HMAC under a key this process draws at start, not a plain hash: two values in one answer can be told apart (a
     * before and an after), but nobody can confirm a guess (an "admin123", a "false") against it.
     */
    static String literal(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(KEY);
            return "***" + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static SecretKeySpec newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "HmacSHA256");
    }

    /** {@link #literal} of an object's text, for states read back from JSON. */
    static Object literal(Object value) {
        return value instanceof String text ? literal(text) : value;
    }

    /**
     * A copy of {@code template} (a pod template, or any object holding one) with the literal {@code value} of every
     * environment variable masked, in every kind of container, and the credentials its {@code command} and {@code args}
     * carry ({@link #commandLine}); references ({@code valueFrom}) are kept.
     */
    static Map<String, Object> envValues(Object template) {
        JsonNode tree = JSON.valueToTree(template);
        maskEnv(tree);
        return JSON.convertValue(tree, MAP);
    }

    /** {@link #envValues} of a JSON tree, in place. */
    static void maskEnv(JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            JsonNode env = node.get("env");
            if (env != null && env.isArray()) {
                for (JsonNode variable : env) {
                    if (variable instanceof ObjectNode object && object.get("value") != null && object.get("value").isTextual()) {
                        object.put("value", literal(object.get("value").asText()));
                    }
                }
            }
            for (String field : new String[] { "command", "args" }) {
                if (node.get(field) instanceof com.fasterxml.jackson.databind.node.ArrayNode arguments) {
                    maskArguments(arguments);
                }
            }
            node.forEach(Masks::maskEnv);
        } else if (node.isArray()) {
            node.forEach(Masks::maskEnv);
        }
    }

    /**
     * A copy of {@code annotations} with the ones that embed a whole object (and so its secrets) masked, and the
     * credentials of a recorded change-cause.
     */
    static Object annotations(Object annotations) {
        if (!(annotations instanceof Map<?, ?> map) || !map.containsKey(LAST_APPLIED) && !map.containsKey(CHANGE_CAUSE)) {
            return annotations;
        }
        Map<String, Object> copy = new TreeMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), LAST_APPLIED.equals(key) ? literal(value)
                : CHANGE_CAUSE.equals(key) && value instanceof String cause ? changeCause(cause) : value));
        return copy;
    }

    /**
     * A change-cause as it may be shown: kubectl records the whole command line, so {@code kubectl set env
     * deployment/checkout DB_PASSWORD=hunter2} would show the password to everyone who reads the history. Every
     * assignment of a {@code set env} command is masked, and elsewhere the values of credentials ({@link #commandLine}).
     */
    public static String changeCause(String cause) {
        if (cause == null) {
            return null;
        }
        return commandLine(cause, cause.matches("(?s).*\\bset\\s+env\\b.*"));
    }

    /**
     * A command line with the values of its credentials masked: {@code --password=x}, {@code DB_PASSWORD=x}, the value
     * after a bare {@code --token}, {@code --env=K=x} and {@code --from-literal=K=x}; with {@code everyAssignment}, the
     * value of every {@code NAME=value} word (the variables of {@code kubectl set env}).
     */
    static String commandLine(String line, boolean everyAssignment) {
        String[] words = line.split("(?<=\\s)|(?=\\s)");
        // The value after a bare credential flag (--password x), and NAME=value after -e, --env or --from-literal.
        boolean maskNext = false;
        boolean assignmentNext = false;
        StringBuilder shown = new StringBuilder();
        for (String word : words) {
            if (word.isBlank()) {
                shown.append(word);
                continue;
            }
            if (maskNext) {
                shown.append(literal(word));
                maskNext = false;
                continue;
            }
            shown.append(argument(word, everyAssignment || assignmentNext));
            assignmentNext = word.equals("-e") || word.equals("--env") || word.equals("--from-literal");
            maskNext = !assignmentNext && word.startsWith("-") && !word.contains("=") && SECRET_NAME.matcher(word).matches();
        }
        return shown.toString();
    }

    /** One word of a command line or one container argument, with a credential's value masked. */
    private static String argument(String word, boolean everyAssignment) {
        Matcher assignment = ASSIGNMENT.matcher(word);
        if (!assignment.matches()) {
            return word;
        }
        String prefix = assignment.group(1) == null ? "" : assignment.group(1);
        String name = assignment.group(2);
        boolean flag = name.startsWith("-");
        if (!prefix.isEmpty() || SECRET_NAME.matcher(name).matches() || everyAssignment && !flag) {
            return prefix + name + "=" + literal(assignment.group(3));
        }
        return word;
    }

    /** A container's {@code command} or {@code args}, in place: each word as {@link #commandLine} shows it. */
    private static void maskArguments(com.fasterxml.jackson.databind.node.ArrayNode arguments) {
        boolean maskNext = false;
        for (int i = 0; i < arguments.size(); i++) {
            if (!arguments.get(i).isTextual()) {
                continue;
            }
            String argument = arguments.get(i).asText();
            if (maskNext) {
                arguments.set(i, literal(argument));
                maskNext = false;
                continue;
            }
            maskNext = argument.startsWith("-") && !argument.contains("=") && SECRET_NAME.matcher(argument).matches();
            arguments.set(i, commandLine(argument, false));
        }
    }

    /** An nginx configuration with the values of credential headers and secret directives masked. */
    static String nginx(String content) {
        if (content == null) {
            return null;
        }
        Matcher header = NGINX_HEADER.matcher(content);
        StringBuilder shown = new StringBuilder();
        while (header.find()) {
            String name = header.group(2).replaceAll("^[\"']|[\"']$", "");
            String value = SECRET_NAME.matcher(name).matches() ? literal(header.group(4)) : header.group(4);
            header.appendReplacement(shown, Matcher.quoteReplacement(header.group(1) + header.group(2) + header.group(3)
                    + value + header.group(5)));
        }
        header.appendTail(shown);
        Matcher secret = NGINX_SECRET.matcher(shown.toString());
        StringBuilder out = new StringBuilder();
        while (secret.find()) {
            secret.appendReplacement(out, Matcher.quoteReplacement(secret.group(1) + literal(secret.group(2)) + secret.group(3)));
        }
        secret.appendTail(out);
        return out.toString();
    }

    /** SQL with the literal of every {@code PASSWORD '...'} masked. */
    static String sql(String script) {
        if (script == null) {
            return null;
        }
        Matcher password = SQL_PASSWORD.matcher(script);
        StringBuilder shown = new StringBuilder();
        while (password.find()) {
            password.appendReplacement(shown, Matcher.quoteReplacement(password.group(1) + "'" + literal(password.group(2)) + "'"));
        }
        password.appendTail(shown);
        return shown.toString();
    }
}
