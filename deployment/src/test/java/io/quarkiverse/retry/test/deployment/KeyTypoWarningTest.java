package io.quarkiverse.retry.test.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A misspelt key starts the application (Quarkus ignores it) with a WARN in the {@code io.quarkiverse.retry} category
 * that names it and the nearest valid key; valid keys, a policy named like a key and build-time keys included, are
 * not warned about.
 */
class KeyTypoWarningTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.max-atempts=5
                            quarkus.retry."payments".base-dealy=1s
                            quarkus.retry."payments".max-attempts=2
                            quarkus.retry.budget.ration=0.5
                            quarkus.retry.max-attempts.max-attempts=4
                            quarkus.retry.max-attempts.budget.enabled=false
                            quarkus.retry.base-delay=0
                            quarkus.retry.circuit-breaker.delay=2s
                            quarkus.retry.retry-on[0]=java.lang.IllegalStateException
                            quarkus.retry.propagation.header-name=X-Retries-Spent
                            quarkus.retry.metrics.tags.method=false
                            quarkus.retry.tracing.span=false
                            """), "application.properties"))
            // every WARN of the extension's category but those of the retries the test makes
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.quarkiverse.retry")
                    && r.getLevel().intValue() >= Level.WARNING.intValue()
                    && !((ExtLogRecord) r).getFormattedMessage().startsWith(Service.class.getName()))
            .assertLogRecords(records -> assertThat(records)
                    .extracting(r -> ((ExtLogRecord) r).getFormattedMessage())
                    .containsExactlyInAnyOrder(
                            "quarkus.retry.\"payments\".base-dealy is not a quarkus-retry key; did you mean"
                                    + " quarkus.retry.\"payments\".base-delay?",
                            "quarkus.retry.budget.ration is not a quarkus-retry key; did you mean"
                                    + " quarkus.retry.budget.ratio?",
                            "quarkus.retry.max-atempts is not a quarkus-retry key; did you mean"
                                    + " quarkus.retry.max-attempts?"));

    @Inject
    Service service;

    @Test
    void theApplicationStartsAndThePoliciesApply() {
        assertThat(attempts(service::payments)).as("payments").isEqualTo(2);
        assertThat(attempts(service::likeAKey)).as("the policy named max-attempts").isEqualTo(4);
    }

    private int attempts(Runnable call) {
        Service.CALLS.set(0);
        assertThatThrownBy(call::run).isInstanceOf(IllegalStateException.class);
        return Service.CALLS.get();
    }

    @ApplicationScoped
    public static class Service {
        static final AtomicInteger CALLS = new AtomicInteger();

        @WithRetry("payments")
        public void payments() {
            fail();
        }

        @WithRetry("max-attempts")
        public void likeAKey() {
            fail();
        }

        private void fail() {
            throw new IllegalStateException("attempt " + CALLS.incrementAndGet());
        }
    }
}
