package io.rewind.common.testing;

import java.util.Map;

import io.rewind.common.security.ApiKeys;
import io.rewind.common.security.Role;

/**
 * One API key per role, for tests. Services' test configuration lists {@link #CONFIG} as {@code rewind.security.api-keys}
 * through {@link #apiKeysConfig()}.
 */
public final class TestKeys {

    public static final Map<Role, String> KEYS = Map.of(
            Role.VIEWER, "test-viewer-key",
            Role.OPERATOR, "test-operator-key",
            Role.APPROVER, "test-approver-key",
            Role.ADMIN, "test-admin-key",
            Role.SERVICE, "test-service-key");

    /** A second approver key, named {@code test-lead}, for tests of who may approve what. */
    public static final String LEAD_APPROVER = "test-lead-approver-key";

    private TestKeys() {
    }

    public static String key(Role role) {
        return KEYS.get(role);
    }

    public static String bearer(Role role) {
        return "Bearer " + key(role);
    }

    /**
     * The {@code rewind.security.api-keys} value that accepts every key above, each named {@code test-<role>}, and
     * {@link #LEAD_APPROVER} as {@code test-lead}.
     */
    public static String apiKeysConfig() {
        StringBuilder config = new StringBuilder();
        for (Role role : Role.values()) {
            if (!config.isEmpty()) {
                config.append(',');
            }
            config.append("test-").append(role.id()).append(':').append(role.id()).append(':')
                    .append(ApiKeys.sha256Hex(key(role)));
        }
        config.append(",test-lead:approver:").append(ApiKeys.sha256Hex(LEAD_APPROVER));
        return config.toString();
    }
}
