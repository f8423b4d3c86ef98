package io.rewind.executor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** How a Prometheus answer becomes one number, or the sentence a waiting {@code verify.metric} step shows. */
class PrometheusClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static PrometheusClient.Result single(String answer) throws Exception {
        return PrometheusClient.single(JSON.readValue(answer, PrometheusViews.QueryResponse.class));
    }

    private static String vector(String... values) {
        StringBuilder result = new StringBuilder();
        for (String value : values) {
            result.append(result.isEmpty() ? "" : ",").append("{\"metric\":{},\"value\":[1700000000.1,\"").append(value)
                    .append("\"]}");
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}";
    }

    @Test
    void oneSeriesOrAScalarIsTheValue() throws Exception {
        assertEquals(0.002, single(vector("0.002")).value());
        assertEquals(3.0, single(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"3\"]}}").value());
    }

    @Test
    void anythingElseIsNoValueAndSaysWhy() throws Exception {
        assertEquals("the query returned no series (no data yet, or a label does not match)", single(vector()).problem());
        assertEquals("the query returned 2 series; aggregate it to one (e.g. sum(...))",
                single(vector("1", "2")).problem());
        assertEquals("the query returned NaN (e.g. a rate divided by a rate of 0)", single(vector("NaN")).problem());
        assertTrue(single(vector("+Inf")).problem().contains("a division by 0?"));
        assertEquals("the query returned a matrix; an instant vector or a scalar is needed",
                single("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}").problem());
        assertEquals("Prometheus: parse error: unexpected end of input", single(
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error: unexpected end of input\"}")
                .problem());
    }

    @Test
    void anAnswerThatIsNotAQueryResultIsNoValueAndQuotesLittle() throws Exception {
        assertNull(single("{\"status\":\"success\",\"data\":{}}").value());
        assertTrue(single("{\"status\":\"success\",\"data\":{}}").problem().contains("no query result"));
        String long_ = "e\u001b".repeat(500);
        String problem = single("{\"status\":\"error\",\"error\":\"" + long_.replace("\u001b", "\\u001b") + "\"}").problem();
        assertTrue(problem.length() < 120, problem);
        assertTrue(problem.chars().noneMatch(Character::isISOControl), problem);
    }
}
