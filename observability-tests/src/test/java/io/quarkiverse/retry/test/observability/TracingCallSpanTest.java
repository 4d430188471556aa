package io.quarkiverse.retry.test.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.QuarkusUnitTest;

/** {@code quarkus.retry.tracing.span=true}: one INTERNAL span {@code retry <policy>} per call, the attempts under it. */
class TracingCallSpanTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Spans.class, TracingTest.Remote.class,
                    TracingTest.RemoteClient.class, TracingTest.Front.class, TracingTest.Service.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=1ms
                            quarkus.retry.max-attempts=3
                            quarkus.retry.budget.enabled=false
                            quarkus.retry.breaker.circuit-breaker.enabled=true
                            quarkus.retry.tracing.span=true
                            quarkus.otel.bsp.schedule.delay=20ms
                            quarkus.otel.metrics.enabled=false
                            quarkus.otel.logs.enabled=false
                            quarkus.rest-client.remote.url=http://localhost:${quarkus.http.test-port:8081}
                            """), "application.properties"));

    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("retry.attempts");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("retry.outcome");

    @Inject
    InMemorySpanExporter exporter;

    @BeforeEach
    void reset() {
        exporter.reset();
    }

    private static boolean callSpan(SpanData span) {
        return span.getKind() == SpanKind.INTERNAL && span.getName().equals("retry <default>");
    }

    @Test
    void attemptsAreChildrenOfTheCallSpan() {
        given().get("/front/remote/sync/c1").then().statusCode(200);
        List<SpanData> spans = Spans.await(exporter, Spans.server("/front/remote/sync/{key}"), 1);
        spans = Spans.await(exporter, Spans.client("/remote/c1"), 3);
        SpanData front = spans.stream().filter(Spans.server("/front/remote/sync/{key}")).findFirst().orElseThrow();
        SpanData call = spans.stream().filter(TracingCallSpanTest::callSpan).findFirst().orElseThrow();
        assertThat(call.getParentSpanId()).isEqualTo(front.getSpanId());
        assertThat(call.getTraceId()).isEqualTo(front.getTraceId());
        assertThat(call.getAttributes().get(ATTEMPTS)).isEqualTo(3);
        assertThat(call.getAttributes().get(OUTCOME)).isEqualTo("success");
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        // the retry events are the call span's, not the caller's
        assertThat(call.getEvents()).extracting(EventData::getName).containsExactly("retry", "retry");
        assertThat(front.getEvents()).isEmpty();
        List<SpanData> attempts = spans.stream().filter(Spans.client("/remote/c1"))
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
        assertThat(attempts).hasSize(3).allSatisfy(span -> assertThat(span.getParentSpanId()).isEqualTo(call.getSpanId()));
        assertThat(attempts).extracting(span -> span.getAttributes().get(Spans.RESEND_COUNT)).containsExactly(null,
                1L, 2L);
    }

    @Test
    void aFailedCallEndsItsOwnSpanWithAnError() {
        given().get("/front/local/exhaust").then().statusCode(200);
        List<SpanData> spans = Spans.await(exporter, Spans.server("/front/local/{what}"), 1);
        SpanData call = spans.stream().filter(TracingCallSpanTest::callSpan).findFirst().orElseThrow();
        assertThat(call.getAttributes().get(ATTEMPTS)).isEqualTo(3);
        assertThat(call.getAttributes().get(OUTCOME)).isEqualTo("exhausted");
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(call.getEvents()).extracting(EventData::getName).containsExactly("retry", "retry",
                "retry.give_up");
        SpanData front = spans.stream().filter(Spans.server("/front/local/{what}")).findFirst().orElseThrow();
        assertThat(front.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }
}
