package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

class RetryOnAbortOnTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=0
                            quarkus.retry.io.retry-on=java.io.IOException
                            quarkus.retry.io.abort-on=java.io.FileNotFoundException
                            quarkus.retry.io.max-attempts=4
                            """), "application.properties"));

    @Inject
    Service service;

    @Test
    void defaultPolicyRetriesExceptionsButNotErrors() {
        service.calls.set(0);
        assertThatThrownBy(() -> service.throwing(new IllegalStateException("x"))).isInstanceOf(IllegalStateException.class);
        assertThat(service.calls.get()).isEqualTo(3);

        service.calls.set(0);
        assertThatThrownBy(() -> service.throwing(new AssertionError("an error"))).isInstanceOf(AssertionError.class);
        assertThat(service.calls.get()).as("Errors are not Exceptions: not retried").isEqualTo(1);
    }

    @Test
    void retryOnMatchesSubclasses() {
        service.calls.set(0);
        assertThatThrownBy(() -> service.io(new java.net.SocketException("reset")))
                .isInstanceOf(SocketException.class);
        assertThat(service.calls.get()).as("SocketException is an IOException").isEqualTo(4);
    }

    @Test
    void typesOutsideRetryOnAreNotRetried() {
        service.calls.set(0);
        assertThatThrownBy(() -> service.io(new IllegalArgumentException("bad"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(service.calls.get()).isEqualTo(1);
    }

    @Test
    void abortOnWinsOverRetryOn() {
        service.calls.set(0);
        assertThatThrownBy(() -> service.io(new FileNotFoundException("gone"))).isInstanceOf(FileNotFoundException.class);
        assertThat(service.calls.get()).as("FileNotFoundException is an IOException but listed in abort-on").isEqualTo(1);
    }

    @Test
    void checkedExceptionsPropagateUnwrapped() {
        service.calls.set(0);
        IOException failure = new IOException("checked");
        assertThatThrownBy(() -> service.io(failure)).isSameAs(failure);
        assertThat(service.calls.get()).isEqualTo(4);
    }

    @Singleton
    public static class Service {
        final AtomicInteger calls = new AtomicInteger();

        @WithRetry
        public void throwing(Throwable t) throws Throwable {
            calls.incrementAndGet();
            throw t;
        }

        @WithRetry("io")
        public void io(Exception e) throws Exception {
            calls.incrementAndGet();
            throw e;
        }
    }
}
