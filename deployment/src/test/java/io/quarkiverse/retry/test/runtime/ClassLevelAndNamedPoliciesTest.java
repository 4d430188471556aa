package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkiverse.retry.runtime.RetryRegistry;
import io.quarkiverse.retry.runtime.core.RetryPolicy;
import io.quarkus.test.QuarkusUnitTest;

class ClassLevelAndNamedPoliciesTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ClassLevel.class, Base.class, Inheriting.class, Plain.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.max-attempts=2
                            quarkus.retry.base-delay=0
                            quarkus.retry.max-delay=5s
                            quarkus.retry.jitter=none
                            quarkus.retry.five.max-attempts=5
                            quarkus.retry."four".max-attempts=4
                            quarkus.retry."four".base-delay=1ms
                            """), "application.properties"));

    @Inject
    ClassLevel classLevel;

    @Inject
    Inheriting inheriting;

    @Inject
    Plain plain;

    @Inject
    RetryRegistry registry;

    @Test
    void classLevelAnnotationCoversEveryBusinessMethod() {
        assertThatThrownBy(classLevel::first).isInstanceOf(IllegalStateException.class);
        assertThat(classLevel.calls.getAndSet(0)).isEqualTo(5);
        assertThatThrownBy(classLevel::second).isInstanceOf(IllegalStateException.class);
        assertThat(classLevel.calls.getAndSet(0)).isEqualTo(5);
    }

    @Test
    void methodLevelAnnotationWinsOverClassLevel() {
        assertThatThrownBy(classLevel::overridden).isInstanceOf(IllegalStateException.class);
        assertThat(classLevel.calls.getAndSet(0)).isEqualTo(4);
        assertThatThrownBy(classLevel::defaultPolicy).isInstanceOf(IllegalStateException.class);
        assertThat(classLevel.calls.getAndSet(0)).isEqualTo(2);
    }

    @Test
    void classLevelAnnotationIsInherited() {
        assertThatThrownBy(inheriting::own).isInstanceOf(IllegalStateException.class);
        assertThat(inheriting.calls.getAndSet(0)).isEqualTo(5);
        assertThatThrownBy(inheriting::first).isInstanceOf(IllegalStateException.class);
        assertThat(inheriting.calls.getAndSet(0)).isEqualTo(5);
    }

    @Test
    void unannotatedMethodsAreNotRetried() {
        assertThatThrownBy(plain::notRetried).isInstanceOf(IllegalStateException.class);
        assertThat(plain.calls.getAndSet(0)).isEqualTo(1);
        assertThatThrownBy(plain::retried).isInstanceOf(IllegalStateException.class);
        assertThat(plain.calls.getAndSet(0)).isEqualTo(2);
    }

    @Test
    void namedPoliciesFallBackToTheDefaultPolicy() {
        RetryPolicy five = registry.policies().get("five");
        assertThat(five.maxAttempts()).isEqualTo(5);
        assertThat(five.backoff().baseNanos()).as("inherited base-delay=0").isZero();
        assertThat(five.backoff().maxNanos()).as("inherited max-delay=5s").isEqualTo(5_000_000_000L);

        RetryPolicy four = registry.policies().get("four");
        assertThat(four.maxAttempts()).isEqualTo(4);
        assertThat(four.backoff().baseNanos()).isEqualTo(1_000_000L);
        assertThat(four.backoff().maxNanos()).isEqualTo(5_000_000_000L);
        assertThat(four.backoff().delayNanos(1, four.backoff().baseNanos())).as("inherited jitter=none")
                .isEqualTo(1_000_000L);
        assertThat(four.backoff().delayNanos(3, 0)).as("inherited multiplier 2.0 (built-in default)")
                .isEqualTo(4_000_000L);
        assertThat(four.hasMaxDuration()).isFalse();
    }

    @Singleton
    @WithRetry("five")
    public static class ClassLevel {
        final AtomicInteger calls = new AtomicInteger();

        public void first() {
            calls.incrementAndGet();
            throw new IllegalStateException("first");
        }

        public String second() {
            calls.incrementAndGet();
            throw new IllegalStateException("second");
        }

        @WithRetry("four")
        public void overridden() {
            calls.incrementAndGet();
            throw new IllegalStateException("overridden");
        }

        @WithRetry
        public void defaultPolicy() {
            calls.incrementAndGet();
            throw new IllegalStateException("default");
        }
    }

    /** Not a bean itself (abstract); its class-level annotation is inherited by {@link Inheriting}. */
    @WithRetry("five")
    public abstract static class Base {
        final AtomicInteger calls = new AtomicInteger();

        public void first() {
            calls.incrementAndGet();
            throw new IllegalStateException("first");
        }
    }

    @Singleton
    public static class Inheriting extends Base {
        public void own() {
            calls.incrementAndGet();
            throw new IllegalStateException("own");
        }
    }

    @Singleton
    public static class Plain {
        final AtomicInteger calls = new AtomicInteger();

        public void notRetried() {
            calls.incrementAndGet();
            throw new IllegalStateException("plain");
        }

        @WithRetry
        public void retried() {
            calls.incrementAndGet();
            throw new IllegalStateException("retried");
        }
    }
}
