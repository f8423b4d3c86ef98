package io.rewind.executor;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

import io.rewind.common.testing.ApiKeysTestResource;
import io.rewind.common.testing.PostgresResource;

/**
 * Every test of this module runs against the shared embedded PostgreSQL, with one API key per role and a scratch database
 * registered for down-migrations.
 */
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ApiKeysTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ScratchDatabaseResource.class, scope = TestResourceScope.GLOBAL)
public final class TestResources {

    private TestResources() {
    }
}
