package io.rewind.common.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * The configured keys, parsed once at start-up. Lookup hashes the presented key and compares it with every
 * configured hash in constant time, so neither the key nor which entry matched can be learnt from timing.
 */
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    /** A configured key: who holds it, its role, and the SHA-256 of the secret. */
    public record Entry(String name, Role role, byte[] sha256) {

        /** The role names this key holds: its role's grants, and for a service key the service's own name. */
        public Set<String> roleNames() {
            if (role != Role.SERVICE) {
                return role.grantedNames();
            }
            return Set.of(Role.SERVICE_NAME, name);
        }
    }

    private final List<Entry> entries;

    public ApiKeys(ApiKeyConfig config) {
        this.entries = parse(config.apiKeys().orElse(List.of()));
        if (entries.isEmpty()) {
            LOG.warn("No API keys configured (REWIND_API_KEYS): every protected endpoint will answer 401.");
        } else {
            LOG.infof("%d API key(s) configured", entries.size());
        }
    }

    static List<Entry> parse(List<String> specs) {
        List<Entry> parsed = new ArrayList<>();
        for (String spec : specs) {
            if (spec == null || spec.isBlank()) {
                continue;
            }
            String[] parts = spec.trim().split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException(
                        "rewind.security.api-keys: each entry must be name:role:sha256 (entry " + (parsed.size() + 1) + ")");
            }
            String hex = parts[2].trim().toLowerCase();
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("rewind.security.api-keys: the hash of key '" + parts[0]
                        + "' is not 64 hex digits (a SHA-256)");
            }
            String name = parts[0].trim();
            Role role = Role.parse(parts[1]);
            if (role == Role.SERVICE && !Services.isService(name)) {
                throw new IllegalArgumentException("rewind.security.api-keys: a key of role service is named after the "
                        + "service that holds it, one of " + String.join(", ", Services.ALL) + " (got '" + name + "')");
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("rewind.security.api-keys: entry " + (parsed.size() + 1)
                        + " has no name");
            }
            if (role != Role.SERVICE && Services.isService(name)) {
                throw new IllegalArgumentException("rewind.security.api-keys: '" + name + "' is a service's name; a "
                        + "person's key takes another, so audit fields never mistake a person for a service");
            }
            // A name is an identity: audit fields record it and the four-eyes rule compares it, so one name under two
            // keys (say operator and approver) would let one holder start an execution and approve it as "another".
            byte[] sha256 = HexFormat.of().parseHex(hex);
            for (Entry other : parsed) {
                if (other.name().equals(name)) {
                    throw new IllegalArgumentException("rewind.security.api-keys: the name '" + name + "' is given to two "
                            + "keys; each key needs a name of its own");
                }
                if (MessageDigest.isEqual(other.sha256(), sha256)) {
                    throw new IllegalArgumentException("rewind.security.api-keys: keys '" + other.name() + "' and '" + name
                            + "' have the same hash; each needs a secret of its own");
                }
            }
            parsed.add(new Entry(name, role, sha256));
        }
        return List.copyOf(parsed);
    }

    /** The entry whose hash matches the presented key, if any. Every entry is compared, match or not. */
    public Optional<Entry> find(String presentedKey) {
        byte[] presented = sha256(presentedKey);
        Entry match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.sha256(), presented) && match == null) {
                match = entry;
            }
        }
        return Optional.ofNullable(match);
    }

    public static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    public static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }
}
