package io.quarkiverse.retry.runtime.devui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/** The "N open" label of the Dev UI's Budgets &amp; breakers page and its live stream. */
class OpenLabelTest {

    @Test
    void countsOpenAndForcedOpenBreakers() {
        CircuitBreaker a = new CircuitBreaker("a", 2, 0.5, 1_000_000_000L, 1, () -> 0L);
        CircuitBreaker b = new CircuitBreaker("b", 2, 0.5, 1_000_000_000L, 1, () -> 0L);
        CircuitBreaker c = new CircuitBreaker("c", 2, 0.5, 1_000_000_000L, 1, () -> 0L);
        assertThat(RetryJsonRpcService.openLabel(List.of(a, b, c))).isEqualTo("0 open");
        a.forceOpen();
        assertThat(RetryJsonRpcService.openLabel(List.of(a, b, c))).isEqualTo("1 open");
        b.forceClosed();
        assertThat(RetryJsonRpcService.openLabel(List.of(a, b, c))).as("forced closed is not open").isEqualTo("1 open");
        c.forceOpen();
        assertThat(RetryJsonRpcService.openLabel(List.of(a, b, c))).isEqualTo("2 open");
    }

    @Test
    void streamSendsTheCurrentLabelThenEachChangeOnce() throws InterruptedException {
        AtomicReference<String> label = new AtomicReference<>("0 open");
        AssertSubscriber<String> subscriber = RetryJsonRpcService.changes(label::get, Duration.ofMillis(5))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        subscriber.awaitItems(1, Duration.ofSeconds(5));
        label.set("1 open");
        subscriber.awaitItems(2, Duration.ofSeconds(5));
        Thread.sleep(50); // ten more ticks with the same value
        label.set("0 open");
        subscriber.awaitItems(3, Duration.ofSeconds(5));
        Thread.sleep(50);
        subscriber.cancel();
        // fails if repetitions are sent: the ticks in between read the same value
        assertThat(subscriber.getItems()).containsExactly("0 open", "1 open", "0 open");
    }
}
