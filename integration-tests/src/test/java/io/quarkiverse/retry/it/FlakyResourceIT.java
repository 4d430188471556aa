package io.quarkiverse.retry.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Runs {@link FlakyResourceTest} against the packaged application (the jar, or the native executable with
 * {@code -Dnative}), started with the prod profile.
 */
@QuarkusIntegrationTest
class FlakyResourceIT extends FlakyResourceTest {
}
