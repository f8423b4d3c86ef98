package io.rewind.executor.rest;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Services;
import io.rewind.common.testing.HostileClientChecks;

/** Every operation walked with bad input, public health, and the service-grants table: see {@link HostileClientChecks}. */
@QuarkusTest
class HostileClientTest extends HostileClientChecks {

    HostileClientTest() {
        super(Services.EXECUTOR);
    }
}
