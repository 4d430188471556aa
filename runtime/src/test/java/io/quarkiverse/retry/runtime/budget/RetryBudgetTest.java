package io.quarkiverse.retry.runtime.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    static final long SECOND = 1_000_000_000L;

    final AtomicLong now = new AtomicLong(1_000 * SECOND);

    RetryBudget budget(double ratio, double minPerSecond, long window, double burst) {
        return new RetryBudget("test", ratio, minPerSecond, window, burst, now::get);
    }

    int withdrawAll(RetryBudget budget, int max) {
        int granted = 0;
        for (int i = 0; i < max; i++) {
            if (budget.tryWithdraw()) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void emptyBudgetWithoutFloorDeniesRetries() {
        RetryBudget budget = budget(0.2, 0, 10 * SECOND, 2.0);
        assertThat(budget.tryWithdraw()).isFalse();
        assertThat(budget.available()).isZero();
    }

    @Test
    void everyFiveFirstAttemptsAllowOneRetryWithTheDefaultRatio() {
        RetryBudget budget = budget(0.2, 0, 10 * SECOND, 1_000);
        for (int i = 0; i < 100; i++) {
            budget.deposit();
        }
        assertThat(budget.available()).isEqualTo(20);
        assertThat(withdrawAll(budget, 1_000)).isEqualTo(20);
        budget.deposit();
        budget.deposit();
        budget.deposit();
        budget.deposit();
        assertThat(budget.tryWithdraw()).as("0.8 of a unit is not a unit").isFalse();
        budget.deposit();
        assertThat(budget.tryWithdraw()).isTrue();
    }

    @Test
    void floorAllowsRetriesWithoutTrafficAndCanBeSpentAtOnce() {
        RetryBudget budget = budget(0.2, 10, 10 * SECOND, 2.0);
        assertThat(withdrawAll(budget, 1_000)).as("10/s over a 10 s window").isEqualTo(100);
        now.addAndGet(5 * SECOND);
        assertThat(budget.tryWithdraw()).as("the window still holds the 100 withdrawals").isFalse();
        now.addAndGet(5 * SECOND + RetryBudget.SLOT_NANOS);
        assertThat(withdrawAll(budget, 1_000)).as("the old withdrawals left the window").isEqualTo(100);
    }

    @Test
    void depositsExpireAfterTheWindow() {
        RetryBudget budget = budget(1.0, 0, 10 * SECOND, 1_000);
        for (int i = 0; i < 50; i++) {
            budget.deposit();
        }
        assertThat(budget.available()).isEqualTo(50);
        now.addAndGet(9 * SECOND);
        assertThat(budget.available()).isEqualTo(50);
        now.addAndGet(SECOND + RetryBudget.SLOT_NANOS);
        assertThat(budget.available()).isZero();
        assertThat(budget.tryWithdraw()).isFalse();
    }

    @Test
    void burstCapLimitsWhatOneSecondCanSpendOfTheBankedCredit() {
        RetryBudget budget = budget(0.2, 10, 10 * SECOND, 2.0);
        // ten seconds of 1,000 first attempts per second, no failure
        for (int s = 0; s < 10; s++) {
            for (int i = 0; i < 1_000; i++) {
                budget.deposit();
            }
            now.addAndGet(SECOND);
        }
        now.addAndGet(-1); // still within the last slot's second
        // the window allows 0.2 * 10,000 + 100 = 2,100 retries, one second only 2 * (200 + 10) = 420
        assertThat(withdrawAll(budget, 5_000)).isEqualTo(420);
        now.addAndGet(SECOND + 1);
        // the deposits of the first two seconds have left the window: 2 * (0.2 * 8,000 / 10 + 10) = 340
        assertThat(withdrawAll(budget, 5_000)).as("the next second gets its own share").isEqualTo(340);
    }

    @Test
    void sustainedOutageIsHeldToRatioPlusFloor() {
        RetryBudget budget = budget(0.2, 10, 10 * SECOND, 2.0);
        long granted = 0;
        long first = 0;
        // 60 s of 1,000 first attempts per second, each followed by up to two retry requests
        for (int ms = 0; ms < 60_000; ms++) {
            budget.deposit();
            first++;
            for (int r = 0; r < 2; r++) {
                if (budget.tryWithdraw()) {
                    granted++;
                }
            }
            now.addAndGet(1_000_000L);
        }
        double amplification = (first + granted) / (double) first;
        assertThat(amplification).isLessThanOrEqualTo(1.0 + 0.2 + 10 * 10 / 10_000.0 + 0.005).isGreaterThan(1.15);
    }

    @Test
    void neverBlocksFirstAttemptsAndLogsExhaustionAtMostOncePerSecond() {
        RetryBudget budget = budget(0.2, 0, 10 * SECOND, 2.0);
        assertThat(budget.shouldLogExhaustion()).isTrue();
        assertThat(budget.shouldLogExhaustion()).isFalse();
        now.addAndGet(SECOND / 2);
        assertThat(budget.shouldLogExhaustion()).isFalse();
        now.addAndGet(SECOND / 2);
        assertThat(budget.shouldLogExhaustion()).isTrue();
    }

    @Test
    void concurrentWithdrawalsStayWithinTheDocumentedSlack() throws Exception {
        RetryBudget budget = budget(0.5, 0, 10 * SECOND, 1_000);
        for (int i = 0; i < 10_000; i++) {
            budget.deposit();
        }
        int threads = 4;
        AtomicLong granted = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 10_000; i++) {
                    if (budget.tryWithdraw()) {
                        granted.incrementAndGet();
                    }
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        // 5,000 units; racing threads may overdraw by at most threads - 1
        assertThat(granted.get()).isBetween(5_000L, 5_000L + threads - 1);
    }

    @Test
    void rejectsInvalidParameters() {
        assertThatThrownBy(() -> budget(-0.1, 10, 10 * SECOND, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> budget(0.2, 10, SECOND / 2, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> budget(0.2, 10, 10 * SECOND, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
