package io.rewind.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The databases a down-migration may use are registered with environment variables only, as the README says. */
class DatabasesConfigTest {

    @Test
    void aDatabaseIsRegisteredFromEnvironmentVariablesWithThePasswordsVariableNameOnly() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ExecutorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(Map.of(
                        "REWIND_EXECUTOR_DATABASES_ORDERS_URL", "jdbc:postgresql://orders-db:5432/orders",
                        "REWIND_EXECUTOR_DATABASES_ORDERS_USERNAME", "orders_owner",
                        "REWIND_EXECUTOR_DATABASES_ORDERS_PASSWORD_ENV", "ORDERS_DB_PASSWORD"), 300))
                .build();

        ExecutorConfig.Database orders = config.getConfigMapping(ExecutorConfig.class).databases().get("orders");

        assertEquals("jdbc:postgresql://orders-db:5432/orders", orders.url());
        assertEquals("orders_owner", orders.username());
        assertEquals(Optional.of("ORDERS_DB_PASSWORD"), orders.passwordEnv());
        assertEquals("flyway_schema_history", orders.historyTable());
    }
}
