package io.quarkiverse.retry.test.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * A REST client interface with {@code @WithRetry} on its type, against a real HTTP server on loopback: each status
 * class in each return shape, counted at the server; the policy's {@code retry-on-status}/{@code abort-on-status}; and
 * log lines naming the interface.
 */
class StatusClassesTest {

    static final WireMock SERVER = Loopback.server();
    static final int[] STATUSES = { 400, 401, 404, 408, 409, 425, 429, 500, 501, 502, 503, 504 };

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(StatusClient.class, CustomClient.class, Loopback.class,
                    Loopback.RetryLog.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.max-attempts=3
                            quarkus.retry.base-delay=1ms
                            quarkus.retry.jitter=none
                            quarkus.retry.budget.enabled=false
                            quarkus.retry.custom.retry-on-status=404
                            quarkus.retry.custom.abort-on-status=5xx
                            """), "application.properties"))
            .overrideConfigKey("quarkus.rest-client.status.url", Loopback.baseUrl())
            .overrideConfigKey("quarkus.rest-client.custom.url", Loopback.baseUrl());

    @RestClient
    StatusClient client;

    @RestClient
    CustomClient custom;

    @BeforeEach
    void stubs() {
        Loopback.reset(SERVER);
        for (int status : STATUSES) {
            SERVER.register(get(urlEqualTo("/status/" + status)).willReturn(aResponse().withStatus(status)));
        }
    }

    private static boolean retriedByDefault(int status) {
        return status == 408 || status == 425 || status == 429 || status == 500 || status == 502 || status == 503
                || status == 504;
    }

    /** Calls one status through one shape; returns how many requests reached the server. */
    private int call(IntFunction<Object> shape, int status) {
        SERVER.resetRequests();
        Throwable failure = catchThrowable(() -> await(shape.apply(status)));
        assertThat(failure).as("HTTP %s fails", status).isInstanceOf(WebApplicationException.class);
        assertThat(((WebApplicationException) failure).getResponse().getStatus()).isEqualTo(status);
        return Loopback.requests(SERVER, "GET", "/status/" + status);
    }

    @SuppressWarnings("unchecked")
    private static Object await(Object result) throws Exception {
        if (result instanceof Uni<?> uni) {
            return uni.await().atMost(Duration.ofSeconds(20));
        }
        if (result instanceof CompletionStage<?> stage) {
            try {
                return stage.toCompletableFuture().get();
            } catch (ExecutionException e) {
                throw (Exception) e.getCause();
            }
        }
        return result;
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = { 400, 401, 404, 408, 409, 425, 429, 500, 501, 502, 503, 504 })
    void eachStatusIsRetriedOrNotInEveryShape(int status) {
        int expected = retriedByDefault(status) ? 3 : 1;
        assertThat(call(client::sync, status)).as("plain, HTTP %s", status).isEqualTo(expected);
        assertThat(call(client::uni, status)).as("Uni, HTTP %s", status).isEqualTo(expected);
        assertThat(call(client::stage, status)).as("CompletionStage, HTTP %s", status).isEqualTo(expected);
    }

    @Test
    void twoUnavailableThenOkSucceedsWithThreeRequests() throws Exception {
        for (String shape : new String[] { "sync", "uni", "stage" }) {
            Loopback.reset(SERVER);
            SERVER.register(get(urlEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
            SERVER.register(get(urlEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs("second")
                    .willReturn(aResponse().withStatus(503)).willSetStateTo("third"));
            SERVER.register(get(urlEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs("third")
                    .willReturn(aResponse().withStatus(200).withBody("in stock")));
            Object result = switch (shape) {
                case "sync" -> client.flaky();
                case "uni" -> await(client.flakyUni());
                default -> await(client.flakyStage());
            };
            assertThat(result).as(shape).isEqualTo("in stock");
            assertThat(Loopback.requests(SERVER, "GET", "/flaky")).as(shape).isEqualTo(3);
        }
    }

    @Test
    void thePolicysStatusListsOverrideTheDefaults() {
        assertThat(call(custom::sync, 404)).as("retry-on-status=404").isEqualTo(3);
        assertThat(call(custom::sync, 503)).as("abort-on-status=5xx").isEqualTo(1);
        assertThat(call(custom::sync, 429)).as("not in retry-on-status=404").isEqualTo(1);
    }

    @Test
    void logLinesNameTheInterfaceNotTheGeneratedBean() {
        try (Loopback.RetryLog log = new Loopback.RetryLog()) {
            call(client::sync, 503);
            assertThat(log.messages()).anySatisfy(m -> assertThat(m)
                    .startsWith(StatusClient.class.getName() + "#sync failed on attempt 1/3"));
            assertThat(log.messages()).noneSatisfy(m -> assertThat(m).contains("$$CDIWrapper"));
            assertThat(log.records).allSatisfy(r -> assertThat(r.getMdc("retry.method"))
                    .isEqualTo(StatusClient.class.getName() + "#sync"));
        }
    }

    @RegisterRestClient(configKey = "status")
    @Path("/")
    @WithRetry
    public interface StatusClient {
        @GET
        @Path("status/{status}")
        String sync(@PathParam("status") int status);

        @GET
        @Path("status/{status}")
        Uni<String> uni(@PathParam("status") int status);

        @GET
        @Path("status/{status}")
        CompletionStage<String> stage(@PathParam("status") int status);

        @GET
        @Path("flaky")
        String flaky();

        @GET
        @Path("flaky")
        Uni<String> flakyUni();

        @GET
        @Path("flaky")
        CompletionStage<String> flakyStage();
    }

    @RegisterRestClient(configKey = "custom")
    @Path("/")
    public interface CustomClient {
        @GET
        @Path("status/{status}")
        @WithRetry("custom")
        String sync(@PathParam("status") int status);
    }
}
