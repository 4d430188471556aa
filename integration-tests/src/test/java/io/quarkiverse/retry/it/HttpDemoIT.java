package io.quarkiverse.retry.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Runs {@link HttpDemoTest} against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class HttpDemoIT extends HttpDemoTest {
}
