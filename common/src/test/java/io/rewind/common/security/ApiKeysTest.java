package io.rewind.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static ApiKeys keys(String... specs) {
        return new ApiKeys(() -> Optional.of(List.of(specs)));
    }

    @Test
    void findsTheKeyWhoseHashMatchesAndNoOther() {
        ApiKeys keys = keys("alice:approver:" + ApiKeys.sha256Hex("alice-secret"),
                "ci:service:" + ApiKeys.sha256Hex("ci-secret").toUpperCase());
        assertEquals("alice", keys.find("alice-secret").orElseThrow().name());
        assertEquals(Role.APPROVER, keys.find("alice-secret").orElseThrow().role());
        assertEquals("ci", keys.find("ci-secret").orElseThrow().name());
        assertFalse(keys.find("alice-secret ").isPresent());
        assertFalse(keys.find(ApiKeys.sha256Hex("alice-secret")).isPresent(), "the hash itself is not a key");
    }

    @Test
    void aMalformedEntryStopsStartUpWithoutEchoingIt() {
        var noRole = assertThrows(IllegalArgumentException.class, () -> keys("alice:" + ApiKeys.sha256Hex("x")));
        assertTrue(noRole.getMessage().contains("name:role:sha256"));
        var badHash = assertThrows(IllegalArgumentException.class, () -> keys("alice:admin:plaintext-key"));
        assertFalse(badHash.getMessage().contains("plaintext-key"));
        assertThrows(IllegalArgumentException.class, () -> keys("alice:root:" + ApiKeys.sha256Hex("x")));
    }

    @Test
    void rolesGrantWhatTheyImplyButApprovingStaysSeparate() {
        assertTrue(Role.ADMIN.grants().contains(Role.OPERATOR));
        assertFalse(Role.ADMIN.grants().contains(Role.APPROVER));
        assertFalse(Role.OPERATOR.grants().contains(Role.APPROVER));
        assertTrue(Role.SERVICE.grants().contains(Role.OPERATOR));
        for (Role role : Role.values()) {
            assertTrue(role.grants().contains(Role.VIEWER), role + " reads");
        }
    }
}
