package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * Interface default methods under a class-level {@code @WithRetry} are intercepted by ArC, so they are discovered,
 * classified and recorded at build time like any other method: right policy, right return shape, bean class in logs.
 */
class InterfaceDefaultMethodTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Greeter.class, Service.class, LogCapture.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=0
                            quarkus.retry."four".max-attempts=4
                            """), "application.properties"));

    @Inject
    Service service;

    @Test
    void aDefaultMethodIsRetriedWithTheClassLevelPolicy() {
        service.calls.set(0);
        List<LogRecord> records;
        try (LogCapture capture = new LogCapture()) {
            records = capture.records;
            assertThatThrownBy(service::greet).isInstanceOf(IllegalStateException.class);
        }
        assertThat(service.calls.get()).isEqualTo(4);
        assertThat(records).filteredOn(r -> r.getMessage() != null)
                .extracting(r -> ((ExtLogRecord) r).getFormattedMessage())
                .anySatisfy(m -> assertThat(m).startsWith(Service.class.getName() + "#greet failed on attempt 1/4"));
    }

    @Test
    void aDefaultMethodReturningUniIsRetriedAsAUni() {
        service.calls.set(0);
        Uni<String> uni = service.greetLater();
        assertThat(service.calls.get()).as("lazy: nothing runs before the subscription").isZero();
        assertThat(uni.await().indefinitely()).isEqualTo("hello after 3");
    }

    public interface Greeter {
        AtomicInteger counter();

        default String greet() {
            counter().incrementAndGet();
            throw new IllegalStateException("not now");
        }

        default Uni<String> greetLater() {
            return Uni.createFrom().item(() -> {
                int call = counter().incrementAndGet();
                if (call < 3) {
                    throw new IllegalStateException("not now");
                }
                return "hello after " + call;
            });
        }
    }

    @Singleton
    @WithRetry("four")
    public static class Service implements Greeter {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public AtomicInteger counter() {
            return calls;
        }
    }
}
