package io.quarkiverse.retry.test.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkiverse.retry.CircuitBreakers;
import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * Span events on the caller's span, and the REST client spans of the attempts, with OpenTelemetry's in-memory
 * exporter. The remote is the application itself over loopback: {@code /remote/{key}} answers 503 twice per key,
 * then 200.
 */
class TracingTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Spans.class, Remote.class, RemoteClient.class, Front.class,
                    Service.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=1ms
                            quarkus.retry.jitter=none
                            quarkus.retry.max-attempts=3
                            quarkus.retry.budget.enabled=false
                            quarkus.retry.breaker.max-attempts=1
                            quarkus.retry.breaker.circuit-breaker.enabled=true
                            quarkus.retry.breaker.circuit-breaker.request-volume-threshold=1
                            quarkus.otel.bsp.schedule.delay=20ms
                            quarkus.otel.metrics.enabled=false
                            quarkus.otel.logs.enabled=false
                            quarkus.rest-client.remote.url=http://localhost:${quarkus.http.test-port:8081}
                            """), "application.properties"));

    @Inject
    InMemorySpanExporter exporter;

    @Inject
    CircuitBreakers breakers;

    @BeforeEach
    void reset() {
        exporter.reset();
        breakers.reset("breaker");
    }

    @Test
    void retryEventsOnTheCallersSpan() {
        given().get("/front/local/flaky").then().statusCode(200);
        SpanData server = server("/front/local/{what}");
        List<EventData> events = server.getEvents();
        assertThat(events).extracting(EventData::getName).containsExactly("retry", "retry");
        Attributes first = events.get(0).getAttributes();
        assertThat(first.get(AttributeKey.longKey("retry.attempt"))).isEqualTo(1);
        assertThat(first.get(AttributeKey.longKey("retry.max_attempts"))).isEqualTo(3);
        assertThat(first.get(AttributeKey.doubleKey("retry.delay"))).isEqualTo(0.001);
        assertThat(first.get(AttributeKey.stringKey("retry.policy"))).isEqualTo("<default>");
        assertThat(first.get(AttributeKey.stringKey("code.function.name")))
                .isEqualTo(Service.class.getName() + "#flaky");
        assertThat(first.get(AttributeKey.stringKey("error.type"))).isEqualTo(IllegalStateException.class.getName());
        assertThat(events.get(1).getAttributes().get(AttributeKey.longKey("retry.attempt"))).isEqualTo(2);
        assertThat(events.get(1).getAttributes().get(AttributeKey.doubleKey("retry.delay"))).isEqualTo(0.002);
        // no message, no stack trace
        assertThat(first.asMap().keySet()).extracting(AttributeKey::getKey).containsExactlyInAnyOrder("retry.attempt",
                "retry.max_attempts", "retry.delay", "retry.policy", "code.function.name", "error.type");
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void nothingOnAFirstTrySuccess() {
        given().get("/front/local/ok").then().statusCode(200);
        assertThat(server("/front/local/{what}").getEvents()).isEmpty();
    }

    @Test
    void giveUpEventAndNoErrorStatusOnASpanItDoesNotOwn() {
        given().get("/front/local/exhaust").then().statusCode(200);
        SpanData server = server("/front/local/{what}");
        assertThat(server.getEvents()).extracting(EventData::getName).containsExactly("retry", "retry",
                "retry.give_up");
        Attributes giveUp = server.getEvents().get(2).getAttributes();
        assertThat(giveUp.get(AttributeKey.stringKey("retry.outcome"))).isEqualTo("exhausted");
        assertThat(giveUp.get(AttributeKey.longKey("retry.attempts"))).isEqualTo(3);
        assertThat(giveUp.get(AttributeKey.stringKey("retry.policy"))).isEqualTo("<default>");
        assertThat(giveUp.get(AttributeKey.stringKey("code.function.name")))
                .isEqualTo(Service.class.getName() + "#exhaust");
        assertThat(giveUp.get(AttributeKey.stringKey("error.type"))).isEqualTo(IllegalStateException.class.getName());
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void breakerStateChangeEvent() {
        given().get("/front/local/breaker").then().statusCode(200);
        SpanData server = server("/front/local/{what}");
        assertThat(server.getEvents()).extracting(EventData::getName).contains("retry.circuit_breaker.state_change");
        Attributes change = server.getEvents().stream()
                .filter(e -> e.getName().equals("retry.circuit_breaker.state_change")).findFirst().orElseThrow()
                .getAttributes();
        assertThat(change.get(AttributeKey.stringKey("retry.policy"))).isEqualTo("breaker");
        assertThat(change.get(AttributeKey.stringKey("retry.circuit_breaker.state"))).isEqualTo("open");
    }

    @Test
    void syncAttemptsShareTheTraceAndParentWithResendCounts() {
        attemptsOfOneCall("sync", "s1");
    }

    @Test
    void uniAttemptsShareTheTraceAndParentWithResendCounts() {
        attemptsOfOneCall("uni", "u1");
    }

    private void attemptsOfOneCall(String shape, String key) {
        given().get("/front/remote/" + shape + "/" + key).then().statusCode(200);
        SpanData front = server("/front/remote/" + shape + "/{key}");
        List<SpanData> spans = Spans.await(exporter, Spans.client("/remote/" + key), 3);
        List<SpanData> attempts = spans.stream().filter(Spans.client("/remote/" + key))
                .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
        assertThat(attempts).hasSize(3);
        assertThat(attempts).allSatisfy(span -> {
            assertThat(span.getTraceId()).isEqualTo(front.getTraceId());
            assertThat(span.getParentSpanId()).isEqualTo(front.getSpanId());
        });
        assertThat(attempts).extracting(span -> span.getAttributes().get(Spans.RESEND_COUNT)).containsExactly(null,
                1L, 2L);
        assertThat(front.getEvents()).extracting(EventData::getName).containsExactly("retry", "retry");
    }

    private SpanData server(String route) {
        return Spans.await(exporter, Spans.server(route), 1).stream().filter(Spans.server(route)).findFirst()
                .orElseThrow();
    }

    @Path("/remote")
    public static class Remote {
        static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

        @GET
        @Path("/{key}")
        public Response get(@PathParam("key") String key) {
            int call = CALLS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return call <= 2 ? Response.status(503).build() : Response.ok("ok " + key).build();
        }
    }

    @RegisterRestClient(configKey = "remote")
    @Path("/remote")
    @WithRetry
    public interface RemoteClient {
        @GET
        @Path("/{key}")
        String get(@PathParam("key") String key);

        @GET
        @Path("/{key}")
        Uni<String> getUni(@PathParam("key") String key);
    }

    @Path("/front")
    public static class Front {
        @RestClient
        RemoteClient client;

        @Inject
        Service service;

        @GET
        @Path("/remote/sync/{key}")
        public String sync(@PathParam("key") String key) {
            return client.get(key);
        }

        @GET
        @Path("/remote/uni/{key}")
        public Uni<String> uni(@PathParam("key") String key) {
            return client.getUni(key);
        }

        @GET
        @Path("/local/{what}")
        public String local(@PathParam("what") String what) {
            try {
                return switch (what) {
                    case "flaky" -> service.flaky();
                    case "ok" -> service.ok();
                    case "exhaust" -> service.exhaust();
                    default -> service.breaker();
                };
            } catch (RuntimeException e) {
                return "gave up: " + e.getClass().getName();
            }
        }
    }

    @Singleton
    public static class Service {
        final AtomicInteger flakyCalls = new AtomicInteger();

        @WithRetry
        public String flaky() {
            if (flakyCalls.incrementAndGet() % 3 != 0) {
                throw new IllegalStateException("not yet");
            }
            return "ok";
        }

        @WithRetry
        public String ok() {
            return "ok";
        }

        @WithRetry
        public String exhaust() {
            throw new IllegalStateException("never");
        }

        @WithRetry("breaker")
        public String breaker() {
            throw new IllegalStateException("down");
        }
    }
}
