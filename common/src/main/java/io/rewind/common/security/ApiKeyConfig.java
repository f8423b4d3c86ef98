package io.rewind.common.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The API keys a service accepts. */
@ConfigMapping(prefix = "rewind.security")
public interface ApiKeyConfig {

    /**
     * Accepted keys, comma separated, each {@code name:role:sha256}: a name that appears in audit records
     * (who approved, who ran), one of the roles viewer, operator, approver, admin or service (a service key is named
     * after its service: decision-service, executor-service, backup-service or status-service), and the lower-case hex
     * SHA-256 of the key. The key itself is never configured. Environment: {@code REWIND_API_KEYS}.
     * Create one with {@code printf %s "$KEY" | sha256sum}.
     */
    Optional<List<String>> apiKeys();
}
