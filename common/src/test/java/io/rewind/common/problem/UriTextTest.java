package io.rewind.common.problem;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UriTextTest {

    @Test
    void acceptsWhatClientsSend() {
        assertNull(UriText.problem("/api/incidents/abc?status=OPEN&limit=5"));
        assertNull(UriText.problem("/api/policies/caf%C3%A9?q=a%20b%25"));
    }

    @Test
    void refusesBrokenEscapesNonUtf8AndNul() {
        assertTrue(UriText.problem("/api/incidents/%zz").contains("'%zz'"));
        assertNotNull(UriText.problem("/api/incidents?limit=%4"));
        assertNotNull(UriText.problem("/api/incidents/%"));
        assertTrue(UriText.problem("/api/incidents/%E2%82").contains("UTF-8"));
        assertTrue(UriText.problem("/api/incidents/x%00y").contains("NUL"));
        assertTrue(UriText.problem("/api/incidents?q=%00").contains("NUL"));
        assertTrue(UriText.problem("/api/incidents/a b").contains("not a valid URI"));
    }
}
