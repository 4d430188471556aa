package io.quarkiverse.retry.test.propagation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.RetryStoppedException;
import io.quarkiverse.retry.test.runtime.LogCapture;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;

/**
 * Three retrying layers in front of a dependency that is down: with the signal (the default), only the layer next
 * to the dependency retries, so one user request costs the dependency 3 attempts instead of 27; every layer's error
 * response carries the header.
 */
class ChainWithSignalTest {

    @Inject
    @RestClient
    Chain.BClient b;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Chain.CLASSES).addClass(LogCapture.class)
                    .addAsResource(new StringAsset(Chain.CONFIG), "application.properties"));

    @BeforeEach
    void reset() {
        Chain.DEPENDENCY_REQUESTS.set(0);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/chain/a", "/chain/uni/a" })
    void onlyTheLayerNextToTheDependencyRetries(String path) {
        Response response = given().get(path);

        assertThat(response.statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(Chain.DEPENDENCY_REQUESTS.get()).as("attempts that reached the dependency per user request")
                .isEqualTo(3);
        // a gave up at once on b's marked response, and marks its own
        assertThat(response.header("Retry-Exhausted")).isEqualTo("not_retryable");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/chain/c", "/chain/uni/c" })
    void theLayerThatRetriedMarksItsResponseWithTheOutcome(String path) {
        Response response = given().get(path);

        assertThat(Chain.DEPENDENCY_REQUESTS.get()).isEqualTo(3);
        assertThat(response.header("Retry-Exhausted")).isEqualTo("exhausted");
    }

    @Test
    void aClientCallThatReceivesTheSignalStopsWithTheReasonAttachedAndLogged() {
        try (LogCapture log = new LogCapture()) {
            Throwable failure = catchThrowable(() -> b.get());

            assertThat(failure).isInstanceOf(WebApplicationException.class);
            assertThat(Chain.DEPENDENCY_REQUESTS.get()).isEqualTo(3);
            RetryStoppedException stop = RetryStoppedException.of(failure).orElseThrow();
            assertThat(stop.getOutcome()).isEqualTo(RetryOutcome.NOT_RETRYABLE);
            assertThat(stop.getReason()).contains("Retry-Exhausted: not_retryable")
                    .contains("retries were already spent downstream");
            assertThat(log.messages()).anySatisfy(m -> assertThat(m)
                    .startsWith("io.quarkiverse.retry.test.propagation.Chain$BClient#get failed on attempt 1/3")
                    .contains("giving up: the response carries Retry-Exhausted"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/chain/dependency", "/chain/uni/dependency" })
    void aResponseWithoutARetrySequenceIsNotMarked(String path) {
        Response response = given().get(path);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.header("Retry-Exhausted")).isNull();
    }
}
