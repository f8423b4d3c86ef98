package io.rewind.executor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.rewind.executor.TargetKind;

/** The targets file as the service reads it at start, the one shipped with the Kubernetes manifests included. */
class TargetsFileTest {

    @Test
    void theShippedExampleTargetsFileIsValid() {
        Path shipped = Path.of("..", "deploy", "kubernetes", "base", "config", "targets.yaml");
        Map<String, TargetService.Valid> targets = TargetsFile.read(shipped);
        assertTrue(targets.size() >= 3, "the example defines several targets: " + targets.keySet());
        assertTrue(targets.values().stream().anyMatch(t -> t.kind() == TargetKind.KUBERNETES));
    }

    @Test
    void jsonWorksAsWellAndARepeatedKeyIsRefused() throws Exception {
        Path json = Files.createTempFile("targets-", ".json");
        try {
            Files.writeString(json, "{\"targets\": {\"site\": {\"kind\": \"http\", \"spec\": {\"baseUrl\": \"https://shop.example.com\"}}}}");
            assertEquals(TargetKind.HTTP, TargetsFile.read(json).get("site").kind());
            Files.writeString(json, "{\"targets\": {\"site\": {\"kind\": \"http\", \"kind\": \"nginx\", \"spec\": {}}}}");
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> TargetsFile.read(json));
            assertTrue(refused.getMessage().contains("Duplicate field 'kind'"), refused.getMessage());
        } finally {
            Files.deleteIfExists(json);
        }
    }

    @Test
    void aMissingFileOrOneWithoutTargetsStopsTheStartSayingWhy() throws Exception {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> TargetsFile.read(Path.of("/nonexistent/targets.yaml")));
        assertTrue(missing.getMessage().startsWith("cannot read the targets file /nonexistent/targets.yaml"), missing.getMessage());
        Path yaml = Files.createTempFile("targets-", ".yaml");
        try {
            Files.writeString(yaml, "- kind: http\n");
            IllegalStateException shape = assertThrows(IllegalStateException.class, () -> TargetsFile.read(yaml));
            assertTrue(shape.getMessage().contains("must hold an object 'targets'"), shape.getMessage());
        } finally {
            Files.deleteIfExists(yaml);
        }
    }
}
