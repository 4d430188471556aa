package io.quarkiverse.retry.test.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * {@code retry-on=jakarta.ws.rs.ProcessingException} ("network errors only") retries refused connections and read
 * timeouts in every return shape, although a REST client reports them as a {@code ProcessingException} for some
 * shapes and as the bare Netty or Vert.x exception for others, and does not retry an HTTP status. What reaches the
 * caller after giving up is the last failure, unchanged.
 */
class TransportFailuresTest {

    static final WireMock SERVER = Loopback.server();

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(RefusedClient.class, SlowClient.class, Loopback.class,
                    Loopback.RetryLog.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.network.max-attempts=3
                            quarkus.retry.network.base-delay=1ms
                            quarkus.retry.network.budget.enabled=false
                            quarkus.retry.network.retry-on=jakarta.ws.rs.ProcessingException
                            quarkus.rest-client.slow.read-timeout=200
                            """), "application.properties"))
            .overrideConfigKey("quarkus.rest-client.refused.url", Loopback.refusedUrl())
            .overrideConfigKey("quarkus.rest-client.slow.url", Loopback.baseUrl());

    @RestClient
    RefusedClient refused;

    @RestClient
    SlowClient slow;

    @BeforeEach
    void stubs() {
        Loopback.reset(SERVER);
        SERVER.register(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
        SERVER.register(get(urlEqualTo("/unavailable")).willReturn(aResponse().withStatus(503)));
    }

    private static Throwable failureOf(Supplier<Object> call) {
        return catchThrowable(() -> {
            Object result = call.get();
            if (result instanceof Uni<?> uni) {
                uni.await().atMost(Duration.ofSeconds(20));
            } else if (result instanceof CompletionStage<?> stage) {
                try {
                    stage.toCompletableFuture().get();
                } catch (ExecutionException e) {
                    throw e.getCause();
                }
            }
        });
    }

    @Test
    void aRefusedConnectionIsRetriedInEveryShape() {
        String client = RefusedClient.class.getName();
        for (String shape : new String[] { "sync", "uni", "stage" }) {
            try (Loopback.RetryLog log = new Loopback.RetryLog()) {
                Throwable failure = failureOf(() -> switch (shape) {
                    case "sync" -> refused.sync();
                    case "uni" -> refused.uni();
                    default -> refused.stage();
                });
                assertThat(failure).as(shape).isNotNull();
                assertThat(log.retries(client + "#" + shape)).as("%s: 3 attempts, 2 retries", shape).isEqualTo(2);
                assertThat(log.messages()).as(shape).anySatisfy(m -> assertThat(m)
                        .startsWith(client + "#" + shape + " failed on attempt 3/3").contains("giving up"));
            }
        }
    }

    @Test
    void aReadTimeoutIsRetriedInEveryShape() {
        for (String shape : new String[] { "sync", "uni", "stage" }) {
            SERVER.resetRequests();
            Throwable failure = failureOf(() -> switch (shape) {
                case "sync" -> slow.sync();
                case "uni" -> slow.uni();
                default -> slow.stage();
            });
            assertThat(failure).as(shape).isNotNull().isNotInstanceOf(WebApplicationException.class);
            assertThat(Loopback.requests(SERVER, "GET", "/slow")).as("%s: every attempt reached the server", shape)
                    .isEqualTo(3);
        }
    }

    @Test
    void anHttpStatusIsNotANetworkError() {
        Throwable failure = failureOf(slow::unavailable);
        assertThat(failure).isInstanceOf(WebApplicationException.class);
        assertThat(Loopback.requests(SERVER, "GET", "/unavailable")).isEqualTo(1);
    }

    @RegisterRestClient(configKey = "refused")
    @Path("/refused")
    @WithRetry("network")
    public interface RefusedClient {
        @GET
        String sync();

        @GET
        Uni<String> uni();

        @GET
        CompletionStage<String> stage();
    }

    @RegisterRestClient(configKey = "slow")
    @Path("/")
    @WithRetry("network")
    public interface SlowClient {
        @GET
        @Path("slow")
        String sync();

        @GET
        @Path("slow")
        Uni<String> uni();

        @GET
        @Path("slow")
        CompletionStage<String> stage();

        @GET
        @Path("unavailable")
        String unavailable();
    }
}
