package io.quarkiverse.retry.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Runs {@link ObservabilityDemoTest} against the packaged application (the jar, or the native executable). */
@QuarkusIntegrationTest
class ObservabilityDemoIT extends ObservabilityDemoTest {
}
