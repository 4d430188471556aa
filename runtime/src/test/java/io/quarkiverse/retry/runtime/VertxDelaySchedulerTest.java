package io.quarkiverse.retry.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Timers have millisecond resolution (and Vert.x refuses less than 1 ms): waits are rounded up, never down. */
class VertxDelaySchedulerTest {

    @Test
    void waitsAreWholeMillisecondsRoundedUp() {
        assertThat(VertxDelayScheduler.millis(1)).isEqualTo(1);
        assertThat(VertxDelayScheduler.millis(950_000)).isEqualTo(1);
        assertThat(VertxDelayScheduler.millis(1_000_000)).isEqualTo(1);
        assertThat(VertxDelayScheduler.millis(1_000_001)).isEqualTo(2);
        assertThat(VertxDelayScheduler.millis(Long.MAX_VALUE)).isPositive();
    }
}
