package io.rewind.decision;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

import io.rewind.common.testing.ApiKeysTestResource;
import io.rewind.common.testing.PostgresResource;

/**
 * Every test of this module runs against the shared embedded PostgreSQL, with one API key per role, and with
 * backup-service's readiness answered by {@link BackupServiceStub} and executor-service's plans and executions by
 * {@link ExecutorServiceStub}, the public status page by {@link StatusPageStub}, and a real Prometheus by {@link PrometheusResource}.
 */
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ApiKeysTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = BackupServiceStub.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ExecutorServiceStub.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = StatusPageStub.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PrometheusResource.class, scope = TestResourceScope.GLOBAL)
public final class TestResources {

    private TestResources() {
    }
}
