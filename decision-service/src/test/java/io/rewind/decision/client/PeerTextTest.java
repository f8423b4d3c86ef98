package io.rewind.decision.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What another service says is stored for viewers with its credentials masked. */
class PeerTextTest {

    @Test
    void credentialsAreMaskedAndTheRestKept() {
        assertEquals("target shop-db (postgres://***@10.0.0.5:5432/shop) refused",
                PeerText.safe("target shop-db (postgres://rewind:hunter2@10.0.0.5:5432/shop) refused"));
        assertEquals("Authorization: Bearer ***; Basic ***", PeerText.safe("Authorization: Bearer sk-live-9f8e7d; Basic dXNlcjpwdw=="));
        assertEquals("GET /api?token=***&x=1 password=*** api_key=***",
                PeerText.safe("GET /api?token=tok-55aa&x=1 password=s3cret api_key=k-1"));
        assertEquals("no plan 'checkout-rollback' for checkout", PeerText.safe("no plan 'checkout-rollback' for checkout"));
        assertNull(PeerText.safe(null));
    }

    @Test
    void aLongTextIsCut() {
        String safe = PeerText.safe("x".repeat(5000));
        assertTrue(safe.length() <= PeerText.MAX_LENGTH + 1, "length " + safe.length());
    }
}
