package io.quarkiverse.retry.test.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.inject.Inject;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.QuarkusUnitTest;

/** {@code quarkus.retry.tracing.enabled=false}: no span events and no resend counts. */
class TracingDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Spans.class, TracingTest.Remote.class,
                    TracingTest.RemoteClient.class, TracingTest.Front.class, TracingTest.Service.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=1ms
                            quarkus.retry.budget.enabled=false
                            quarkus.retry.breaker.circuit-breaker.enabled=true
                            quarkus.retry.tracing.enabled=false
                            quarkus.otel.bsp.schedule.delay=20ms
                            quarkus.otel.metrics.enabled=false
                            quarkus.otel.logs.enabled=false
                            quarkus.rest-client.remote.url=http://localhost:${quarkus.http.test-port:8081}
                            """), "application.properties"));

    @Inject
    InMemorySpanExporter exporter;

    @Test
    void nothingFromTheExtension() {
        given().get("/front/remote/sync/d1").then().statusCode(200);
        Spans.await(exporter, Spans.server("/front/remote/sync/{key}"), 1);
        List<SpanData> spans = Spans.await(exporter, Spans.client("/remote/d1"), 3);
        assertThat(spans).allSatisfy(span -> {
            assertThat(span.getEvents()).isEmpty();
            assertThat(span.getAttributes().get(Spans.RESEND_COUNT)).isNull();
        });
    }
}
