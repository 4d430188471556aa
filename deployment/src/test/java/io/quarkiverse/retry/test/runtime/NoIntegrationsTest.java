package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * An application without Micrometer, OpenTelemetry and SmallRye Health (this module's tests have none of them), with
 * a breaker: it starts, retries, and none of the integration classes is loaded by any class loader of the
 * application. Checked with {@code ClassLoader#findLoadedClass}, which never loads a class (needs
 * {@code --add-opens java.base/java.lang}, see the surefire configuration).
 */
class NoIntegrationsTest {

    static final List<String> INTEGRATIONS = List.of(
            "io.quarkiverse.retry.runtime.metrics.RetryMetrics",
            "io.quarkiverse.retry.runtime.metrics.RetryMetricsTags",
            "io.quarkiverse.retry.runtime.tracing.RetryTracing",
            "io.quarkiverse.retry.runtime.health.RetryHealthCheck",
            "io.quarkiverse.retry.runtime.devui.RetryDevStats",
            "io.quarkiverse.retry.runtime.devui.RetryJsonRpcService");
    // not listed: the recorders (MetricsRecorder, ...), which the build loads to find out what its steps record; in a
    // test the build runs in this JVM, in production it does not, and they hold no reference to the integrations

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=0
                            quarkus.retry.backend.circuit-breaker.enabled=true
                            """), "application.properties"));

    @Inject
    Service service;

    @Test
    void startsRetriesAndLoadsNoIntegrationClass() throws Throwable {
        assertThat(service.call()).isEqualTo("ok after 2");
        MethodHandle findLoadedClass = MethodHandles.privateLookupIn(ClassLoader.class, MethodHandles.lookup())
                .findVirtual(ClassLoader.class, "findLoadedClass", MethodType.methodType(Class.class, String.class));
        List<ClassLoader> loaders = new ArrayList<>();
        for (ClassLoader cl = Thread.currentThread().getContextClassLoader(); cl != null; cl = cl.getParent()) {
            loaders.add(cl);
        }
        for (ClassLoader cl = getClass().getClassLoader(); cl != null; cl = cl.getParent()) {
            loaders.add(cl);
        }
        // the check can see classes: the engine's own are loaded
        boolean engineSeen = false;
        for (ClassLoader cl : loaders) {
            engineSeen |= findLoadedClass.invoke(cl, "io.quarkiverse.retry.runtime.core.Retrier") != null;
        }
        assertThat(engineSeen).isTrue();
        List<String> loaded = new ArrayList<>();
        for (ClassLoader cl : loaders) {
            for (String name : INTEGRATIONS) {
                if (findLoadedClass.invoke(cl, name) != null) {
                    loaded.add(name + " by " + cl);
                }
            }
        }
        assertThat(loaded).isEmpty();
    }

    @Singleton
    public static class Service {
        int calls;

        @WithRetry("backend")
        public String call() {
            if (++calls < 3) {
                throw new IllegalStateException("not yet");
            }
            return "ok after " + (calls - 1);
        }
    }
}
