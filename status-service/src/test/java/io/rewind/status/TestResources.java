package io.rewind.status;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

import io.rewind.common.testing.ApiKeysTestResource;
import io.rewind.common.testing.PostgresResource;

/** Every test of this module runs against the shared embedded PostgreSQL, with one API key per role. */
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ApiKeysTestResource.class, scope = TestResourceScope.GLOBAL)
public final class TestResources {

    private TestResources() {
    }
}
