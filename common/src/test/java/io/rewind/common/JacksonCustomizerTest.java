package io.rewind.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

class JacksonCustomizerTest {

    record Report(String name, boolean dryRun, int count, OffsetDateTime detectedAt, Instant at, Duration window) {
    }

    private final ObjectMapper mapper = mapper();

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new JacksonCustomizer().customize(mapper);
        return mapper;
    }

    private Report read(String json) throws JsonProcessingException {
        return mapper.readValue(json, Report.class);
    }

    @Test
    void readsWhatIsWellTyped() throws JsonProcessingException {
        Report r = read("""
                {"name":"a","dryRun":true,"count":3,"detectedAt":"2026-12-05T05:00:00Z","at":"2026-12-05T05:00:00Z",
                 "window":"PT15M"}""");
        assertEquals("a", r.name());
        assertEquals(3, r.count());
        assertEquals(OffsetDateTime.parse("2026-12-05T05:00:00Z"), r.detectedAt());
        assertEquals(Duration.ofMinutes(15), r.window());
    }

    @Test
    void refusesNumbersForTimesAndDurations() {
        assertThrows(JsonProcessingException.class, () -> read("{\"detectedAt\": 42}"));
        assertThrows(JsonProcessingException.class, () -> read("{\"at\": 1764910800}"));
        assertThrows(JsonProcessingException.class, () -> read("{\"at\": 1.5}"));
        assertThrows(JsonProcessingException.class, () -> read("{\"window\": 900}"));
    }

    @Test
    void refusesCoercionsAndRepeatedKeys() {
        assertThrows(JsonProcessingException.class, () -> read("{\"name\": 42}"));
        assertThrows(JsonProcessingException.class, () -> read("{\"dryRun\": 1}"));
        assertThrows(JsonProcessingException.class, () -> read("{\"dryRun\": \"true\"}"));
        assertThrows(JsonProcessingException.class, () -> read("{\"count\": \"3\"}"));
        assertThrows(JsonProcessingException.class, () -> read("{\"count\": 1.5}"));
        assertThrows(JsonProcessingException.class, () -> read("{\"name\":\"a\",\"count\":1,\"name\":\"b\"}"));
    }
}
