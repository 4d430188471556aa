package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.FailureClassifier;
import io.quarkiverse.retry.RetryAdvice;
import io.quarkiverse.retry.RetryAdvised;
import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The SPI that lets failures say what follows: an exception that implements {@link RetryAdvised}, and
 * {@link FailureClassifier} beans (in priority order) for failures the application does not own.
 */
class RetryAdviceTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class, QuotaExceeded.class, Precondition.class,
                    Throttled.class, StorageClassifier.class, FallbackClassifier.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.max-attempts=4
                            quarkus.retry.base-delay=5s
                            quarkus.retry.budget.enabled=false
                            """), "application.properties"));

    @Inject
    Service service;

    @Test
    void anExceptionCanAskForItsOwnWait() {
        service.calls.set(0);
        long start = System.nanoTime();
        assertThat(service.quota()).isEqualTo("ok after 3");
        // two waits of 50 ms as asked, instead of the policy's 5 s base delay
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aClassifierBeanCanRefuseFailuresItKnows() {
        service.calls.set(0);
        assertThatThrownBy(service::precondition).isInstanceOf(Precondition.class);
        assertThat(service.calls.get()).as("not retried").isEqualTo(1);
    }

    @Test
    void classifiersAreAskedByPriorityTheFirstOpinionWinning() {
        service.calls.set(0);
        long start = System.nanoTime();
        assertThat(service.throttled()).isEqualTo("ok after 2");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the higher priority classifier's 10 ms")
                .isLessThan(Duration.ofSeconds(4));
    }

    public static class QuotaExceeded extends RuntimeException implements RetryAdvised {
        @Override
        public RetryAdvice retryAdvice() {
            return RetryAdvice.retryAfter(Duration.ofMillis(50), "quota resets in 50 ms");
        }
    }

    public static class Precondition extends RuntimeException {
    }

    public static class Throttled extends RuntimeException {
    }

    @ApplicationScoped
    @Priority(10)
    public static class StorageClassifier implements FailureClassifier {
        @Override
        public RetryAdvice classify(Throwable failure) {
            if (failure instanceof Precondition) {
                return RetryAdvice.doNotRetry("precondition failed");
            }
            if (failure instanceof Throttled) {
                return RetryAdvice.retryAfter(Duration.ofMillis(10), "throttled");
            }
            return RetryAdvice.NONE;
        }
    }

    @ApplicationScoped
    @Priority(1)
    public static class FallbackClassifier implements FailureClassifier {
        @Override
        public RetryAdvice classify(Throwable failure) {
            return failure instanceof Throttled ? RetryAdvice.doNotRetry("lower priority: never asked") : RetryAdvice.NONE;
        }
    }

    @Singleton
    @WithRetry
    public static class Service {
        final AtomicInteger calls = new AtomicInteger();

        public String quota() {
            int call = calls.incrementAndGet();
            if (call < 3) {
                throw new QuotaExceeded();
            }
            return "ok after " + call;
        }

        public String precondition() {
            calls.incrementAndGet();
            throw new Precondition();
        }

        public String throttled() {
            int call = calls.incrementAndGet();
            if (call < 2) {
                throw new Throttled();
            }
            return "ok after " + call;
        }
    }
}
