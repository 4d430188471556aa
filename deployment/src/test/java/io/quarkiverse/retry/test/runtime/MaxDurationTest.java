package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import jakarta.inject.Inject;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * Waits of 100, 200, 400, 800 ms (no jitter) with max-duration 500ms: the first two waits fit (they end at about
 * 300 ms), the third would end at about 700 ms, so the sequence stops after the third attempt instead of the ten
 * that max-attempts allows.
 */
class MaxDurationTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(FlakyService.class, TransientException.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.max-attempts=10
                            quarkus.retry.base-delay=100ms
                            quarkus.retry.jitter=none
                            quarkus.retry.max-duration=500ms
                            """), "application.properties"));

    @Inject
    FlakyService service;

    @Test
    void syncStopsBeforeAWaitWouldEndPastMaxDuration() {
        service.reset(100);
        long start = System.nanoTime();
        assertThatThrownBy(service::sync).isInstanceOf(TransientException.class).hasMessage("failure 3");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(service.calls()).isEqualTo(3);
        assertThat(elapsedMs).isBetween(300L, 500L + 1_000L);
    }

    @Test
    void uniStopsBeforeAWaitWouldEndPastMaxDuration() {
        service.reset(100);
        assertThatThrownBy(() -> service.uni().await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(TransientException.class).hasMessage("failure 3");
        assertThat(service.calls()).isEqualTo(3);
    }
}
