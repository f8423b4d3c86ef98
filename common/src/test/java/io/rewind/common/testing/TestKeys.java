package io.rewind.common.testing;

import java.util.Map;

import io.rewind.common.security.ApiKeys;
import io.rewind.common.security.Role;
import io.rewind.common.security.Services;

/**
 * One API key per human role and one per service, for tests. Services' test configuration lists {@link #CONFIG} as {@code rewind.security.api-keys}
 * through {@link #apiKeysConfig()}.
 */
public final class TestKeys {

    public static final Map<Role, String> KEYS = Map.of(
            Role.VIEWER, "test-viewer-key",
            Role.OPERATOR, "test-operator-key",
            Role.APPROVER, "test-approver-key",
            Role.ADMIN, "test-admin-key");

    /** One key per Rewind service, each named after its service ({@link Services}). */
    public static final Map<String, String> SERVICE_KEYS = Map.of(
            Services.DECISION, "test-decision-service-key",
            Services.EXECUTOR, "test-executor-service-key",
            Services.BACKUP, "test-backup-service-key",
            Services.STATUS, "test-status-service-key");

    /** A second approver key, named {@code test-lead}, for tests of who may approve what. */
    public static final String LEAD_APPROVER = "test-lead-approver-key";

    private TestKeys() {
    }

    public static String key(Role role) {
        return KEYS.get(role);
    }

    public static String bearer(Role role) {
        if (role == Role.SERVICE) {
            throw new IllegalArgumentException("a service key belongs to one service: use bearer(Services.X)");
        }
        return "Bearer " + key(role);
    }

    /** The key of one Rewind service, e.g. {@code serviceKey(Services.DECISION)}. */
    public static String serviceKey(String service) {
        String key = SERVICE_KEYS.get(service);
        if (key == null) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        return key;
    }

    public static String bearer(String service) {
        return "Bearer " + serviceKey(service);
    }

    /**
     * The {@code rewind.security.api-keys} value that accepts every key above, each named {@code test-<role>}, and
     * {@link #LEAD_APPROVER} as {@code test-lead}.
     */
    public static String apiKeysConfig() {
        StringBuilder config = new StringBuilder();
        for (var entry : KEYS.entrySet()) {
            if (!config.isEmpty()) {
                config.append(',');
            }
            config.append("test-").append(entry.getKey().id()).append(':').append(entry.getKey().id()).append(':')
                    .append(ApiKeys.sha256Hex(entry.getValue()));
        }
        for (var entry : SERVICE_KEYS.entrySet()) {
            config.append(',').append(entry.getKey()).append(":service:").append(ApiKeys.sha256Hex(entry.getValue()));
        }
        config.append(",test-lead:approver:").append(ApiKeys.sha256Hex(LEAD_APPROVER));
        return config.toString();
    }
}
