package io.quarkiverse.retry.test.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

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
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.RetryStoppedException;
import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * {@code Retry-After} on a 429 or 503, in both formats, replaces the computed wait; a hint longer than
 * {@code max-delay} ends the call at once, with the reason on the exception and in the log;
 * {@code honor-retry-after=false} ignores it.
 */
class RetryAfterTest {

    static final WireMock SERVER = Loopback.server();

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(HintedClient.class, IgnoringClient.class, Loopback.class,
                    Loopback.RetryLog.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.max-attempts=3
                            quarkus.retry.base-delay=10ms
                            quarkus.retry.max-delay=5s
                            quarkus.retry.jitter=none
                            quarkus.retry.budget.enabled=false
                            quarkus.retry.ignoring.honor-retry-after=false
                            """), "application.properties"))
            .overrideConfigKey("quarkus.rest-client.hinted.url", Loopback.baseUrl())
            .overrideConfigKey("quarkus.rest-client.ignoring.url", Loopback.baseUrl());

    @RestClient
    HintedClient hinted;

    @RestClient
    IgnoringClient ignoring;

    @BeforeEach
    void reset() {
        Loopback.reset(SERVER);
    }

    /** {@code path} answers {@code status} with {@code Retry-After: value} once, then 200. */
    private static void unavailableOnceThenOk(String path, int status, String retryAfter) {
        SERVER.register(get(urlEqualTo(path)).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(status).withHeader("Retry-After", retryAfter))
                .willSetStateTo("ok"));
        SERVER.register(get(urlEqualTo(path)).inScenario(path).whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @Test
    void delaySecondsSetTheNextWait() {
        unavailableOnceThenOk("/hinted", 503, "1");
        long start = System.nanoTime();
        assertThat(hinted.sync()).isEqualTo("ok");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the 1 s the server asked for, not 10 ms")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(Loopback.requests(SERVER, "GET", "/hinted")).isEqualTo(2);
    }

    @Test
    void anHttpDateSetsTheNextWaitOfAUni() {
        // whole seconds: the date is at least 2 s away (3 s minus less than one truncated), so the wait is over 1 s
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3));
        unavailableOnceThenOk("/hinted", 429, date);
        long start = System.nanoTime();
        assertThat(hinted.uni().await().atMost(Duration.ofSeconds(20))).isEqualTo("ok");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(Loopback.requests(SERVER, "GET", "/hinted")).isEqualTo(2);
    }

    @Test
    void aHintLongerThanMaxDelayGivesUpAtOnce() {
        SERVER.register(get(urlEqualTo("/hinted")).willReturn(aResponse().withStatus(429).withHeader("Retry-After",
                "120")));
        List<String> messages;
        Throwable failure;
        try (Loopback.RetryLog log = new Loopback.RetryLog()) {
            long start = System.nanoTime();
            failure = catchThrowable(hinted::sync);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait").isLessThan(Duration.ofSeconds(5));
            messages = log.messages();
        }
        assertThat(failure).isInstanceOf(WebApplicationException.class);
        assertThat(Loopback.requests(SERVER, "GET", "/hinted")).isEqualTo(1);
        RetryStoppedException note = RetryStoppedException.of(failure).orElseThrow();
        assertThat(note.getOutcome()).isEqualTo(RetryOutcome.NOT_RETRYABLE);
        assertThat(note.getMessage()).contains("Retry-After: 120", "120000 ms", "max-delay (5000 ms)");
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("giving up", "Retry-After: 120"));
    }

    @Test
    void honorRetryAfterFalseWaitsTheComputedBackoff() {
        unavailableOnceThenOk("/ignoring", 503, "30");
        long start = System.nanoTime();
        assertThat(ignoring.sync()).isEqualTo("ok");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(Loopback.requests(SERVER, "GET", "/ignoring")).isEqualTo(2);
    }

    @RegisterRestClient(configKey = "hinted")
    @Path("/hinted")
    @WithRetry
    public interface HintedClient {
        @GET
        String sync();

        @GET
        Uni<String> uni();
    }

    @RegisterRestClient(configKey = "ignoring")
    @Path("/ignoring")
    @WithRetry("ignoring")
    public interface IgnoringClient {
        @GET
        String sync();
    }
}
