package io.rewind.common.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Configures the service under test to accept {@link TestKeys}: one key per role. */
public class ApiKeysTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("rewind.security.api-keys", TestKeys.apiKeysConfig());
    }

    @Override
    public void stop() {
    }
}
