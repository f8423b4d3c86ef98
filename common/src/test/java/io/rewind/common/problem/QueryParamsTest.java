package io.rewind.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void booleansAreTrueOrFalseOnly() {
        assertEquals(Boolean.TRUE, QueryParams.booleanValue("open", "true"));
        assertEquals(Boolean.FALSE, QueryParams.booleanValue("open", "false"));
        assertNull(QueryParams.booleanValue("open", null));
        assertNull(QueryParams.booleanValue("open", ""));
        assertInvalid("open", "must be true or false (got 'yes')", () -> QueryParams.booleanValue("open", "yes"));
    }

    @Test
    void numbersAreWholeAndInRange() {
        assertEquals(7, QueryParams.intValue("limit", "7", 50, 1, 500));
        assertEquals(50, QueryParams.intValue("limit", null, 50, 1, 500));
        assertNull(QueryParams.intValue("maxAgeHours", " ", null, 1, 8760));
        assertEquals(500, QueryParams.intValue("limit", "500", 50, 1, 500));
        assertInvalid("limit", "must be from 1 to 500 (got 0)", () -> QueryParams.intValue("limit", "0", 50, 1, 500));
        assertInvalid("limit", "must be a whole number from 1 to 500 (got 'ten')",
                () -> QueryParams.intValue("limit", "ten", 50, 1, 500));
        assertInvalid("limit", "must be a whole number from 1 to 500 (got '99999999999')",
                () -> QueryParams.intValue("limit", "99999999999", 50, 1, 500));
    }

    private static void assertInvalid(String field, String message, Runnable parse) {
        ProblemException e = assertThrows(ProblemException.class, parse::run);
        assertEquals(400, e.problem().getStatus());
        assertEquals(field, e.problem().getErrors().get(0).field());
        assertEquals(message, e.problem().getErrors().get(0).message());
    }
}
