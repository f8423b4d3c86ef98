package io.rewind.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class NulCharacterFilterTest {

    private static int find(String json) {
        return NulCharacterFilter.escapedNul(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void findsTheEscapeInValuesAndKeysButNotEscapedBackslashes() {
        assertEquals(9, find("{\"name\":\"\\u0000\"}"));
        assertEquals(2, find("{\"\\u0000\":1}"));
        assertEquals(-1, find("{\"path\":\"C:\\\\u0000\"}"), "an escaped backslash then u0000 is text");
        assertEquals(11, find("{\"path\":\"\\\\\\u0000\"}"), "three backslashes: one escaped, then the escape");
        assertEquals(-1, find("{\"name\":\"\\u0031\\u0001\"}"));
        assertEquals(-1, find("{}"));
    }
}
