package io.quarkiverse.retry.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ChainDemoTest} against the packaged application (JVM mode here, native with {@code -Dnative}). */
@QuarkusIntegrationTest
class ChainDemoIT extends ChainDemoTest {
}
