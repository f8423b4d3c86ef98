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
                "decision-service:service:" + ApiKeys.sha256Hex("ci-secret").toUpperCase());
        assertEquals("alice", keys.find("alice-secret").orElseThrow().name());
        assertEquals(Role.APPROVER, keys.find("alice-secret").orElseThrow().role());
        assertEquals("decision-service", keys.find("ci-secret").orElseThrow().name());
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
        for (Role role : Role.values()) {
            assertTrue(role == Role.SERVICE || role.grants().contains(Role.VIEWER), role + " reads");
        }
    }

    @Test
    void aServiceKeyIsNamedAfterItsServiceAndHoldsNoHumanRole() {
        ApiKeys keys = keys("executor-service:service:" + ApiKeys.sha256Hex("executor-secret"));
        assertEquals(java.util.Set.of("service", "executor-service"),
                keys.find("executor-secret").orElseThrow().roleNames());
        var unnamed = assertThrows(IllegalArgumentException.class,
                () -> keys("service:service:" + ApiKeys.sha256Hex("x")));
        assertTrue(unnamed.getMessage().contains("decision-service, executor-service"), unnamed.getMessage());
        assertFalse(keys("alice:admin:" + ApiKeys.sha256Hex("a")).find("a").orElseThrow().roleNames()
                .contains("executor-service"));
    }

    @Test
    void aNameIsOneIdentityWithOneKey() {
        var twice = assertThrows(IllegalArgumentException.class, () -> keys("alice:operator:" + ApiKeys.sha256Hex("a1"),
                "alice:approver:" + ApiKeys.sha256Hex("a2")));
        assertTrue(twice.getMessage().contains("'alice' is given to two keys"), twice.getMessage());
        var shared = assertThrows(IllegalArgumentException.class, () -> keys("alice:operator:" + ApiKeys.sha256Hex("s"),
                "bob:approver:" + ApiKeys.sha256Hex("s")));
        assertTrue(shared.getMessage().contains("same hash"), shared.getMessage());
        assertFalse(shared.getMessage().contains(ApiKeys.sha256Hex("s")), "the hash is not echoed");
        var impostor = assertThrows(IllegalArgumentException.class,
                () -> keys("status-service:admin:" + ApiKeys.sha256Hex("x")));
        assertTrue(impostor.getMessage().contains("a service's name"), impostor.getMessage());
    }
}
