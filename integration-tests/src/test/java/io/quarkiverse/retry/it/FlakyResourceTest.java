package io.quarkiverse.retry.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Drives the demo endpoints over HTTP. {@link FlakyResourceIT} runs the same tests against the packaged application.
 * Attempt counts are exact: the policies in {@code application.properties} are {@code max-attempts=3} (default) and
 * {@code max-attempts=5} ({@code fast}).
 */
@QuarkusTest
class FlakyResourceTest {

    private static final String WORKER_THREAD = "executor-thread";
    private static final String EVENT_LOOP_THREAD = "vert.x-eventloop-thread";

    @BeforeEach
    void reset() {
        given().when().post("/flaky/reset")
                .then().statusCode(200)
                .body("failures", equalTo(0))
                .body("calls", equalTo(0));
    }

    @ParameterizedTest
    @ValueSource(strings = { "sync", "uni", "completion-stage" })
    void succeedsAtFirstAttemptWithoutFailures(String shape) {
        given().queryParam("failures", 0)
                .when().get("/flaky/" + shape)
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("shape", equalTo(shape))
                .body("result", equalTo("demo-sku: 42 in stock"))
                .body("attempts", equalTo(1));
    }

    @ParameterizedTest
    @ValueSource(strings = { "sync", "uni", "completion-stage" })
    void succeedsAfterOneFailure(String shape) {
        given().queryParam("failures", 1).queryParam("sku", "apple")
                .when().get("/flaky/" + shape)
                .then().statusCode(200)
                .body("shape", equalTo(shape))
                .body("result", equalTo("apple: 42 in stock"))
                .body("attempts", equalTo(2));
    }

    /** The last allowed attempt succeeds. Waits are 200 ms and 400 ms, each shortened by at most 10% jitter. */
    @ParameterizedTest
    @ValueSource(strings = { "sync", "uni", "completion-stage" })
    void succeedsAfterTwoFailuresWithBackoff(String shape) {
        given().queryParam("failures", 2)
                .when().get("/flaky/" + shape)
                .then().statusCode(200)
                .body("shape", equalTo(shape))
                .body("result", equalTo("demo-sku: 42 in stock"))
                .body("attempts", equalTo(3))
                .time(greaterThanOrEqualTo(500L));
        given().when().get("/flaky/state")
                .then().statusCode(200)
                .body("failures", equalTo(2))
                .body("calls", equalTo(3));
    }

    @ParameterizedTest
    @ValueSource(strings = { "sync", "uni", "completion-stage" })
    void exhaustedRetriesMapTo503(String shape) {
        given().queryParam("failures", 3)
                .when().get("/flaky/" + shape)
                .then().statusCode(503)
                .contentType(ContentType.JSON)
                .body("error", equalTo("DependencyUnavailableException"))
                .body("message", equalTo("inventory backend unavailable (call 3, 3 failure(s) injected)"))
                .body("attempts", equalTo(3));
        // No attempt after giving up.
        given().when().get("/flaky/state")
                .then().statusCode(200)
                .body("calls", equalTo(3));
    }

    @Test
    void blockingEndpointRunsOnWorkerThread() {
        given().queryParam("failures", 1)
                .when().get("/flaky/sync")
                .then().statusCode(200)
                .body("attempts", equalTo(2))
                .body("thread", startsWith(WORKER_THREAD));
    }

    @ParameterizedTest
    @ValueSource(strings = { "uni", "completion-stage" })
    void reactiveEndpointsRetryOnEventLoop(String shape) {
        given().queryParam("failures", 2)
                .when().get("/flaky/" + shape)
                .then().statusCode(200)
                .body("attempts", equalTo(3))
                .body("thread", startsWith(EVENT_LOOP_THREAD));
    }

    /** Policy "fast": 5 attempts, waits of 10, 20, 40 and 80 ms (the default policy would give up after 3). */
    @Test
    void namedPolicySucceedsOnFifthAttempt() {
        given().queryParam("failures", 4)
                .when().get("/flaky/fast")
                .then().statusCode(200)
                .body("shape", equalTo("fast"))
                .body("result", equalTo("demo-sku: 42 in stock"))
                .body("attempts", equalTo(5))
                // the default policy's waits would add up to 200 + 400 + 800 + 1600 ms
                .time(lessThan(1000L));
    }

    @Test
    void namedPolicyExhaustedAfterFiveAttempts() {
        given().queryParam("failures", 5)
                .when().get("/flaky/fast")
                .then().statusCode(503)
                .body("error", equalTo("DependencyUnavailableException"))
                .body("message", equalTo("inventory backend unavailable (call 5, 5 failure(s) injected)"))
                .body("attempts", equalTo(5));
    }

    /** The same method retries transient failures... */
    @Test
    void reserveRetriesTransientFailures() {
        given().queryParam("failures", 2).queryParam("quantity", 2)
                .when().get("/flaky/reserve")
                .then().statusCode(200)
                .body("result", equalTo("reserved 2 x demo-sku"))
                .body("attempts", equalTo(3));
    }

    /** ...but InvalidRequestException is in abort-on: one attempt, then 400, although retries were left. */
    @Test
    void abortOnMakesExactlyOneAttempt() {
        given().queryParam("failures", 2).queryParam("quantity", 0)
                .when().get("/flaky/reserve")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo("InvalidRequestException"))
                .body("message", equalTo("quantity must be at least 1, was 0"))
                .body("attempts", equalTo(1));
        given().when().get("/flaky/state")
                .then().statusCode(200)
                .body("calls", equalTo(1));
    }

    @Test
    void resetClearsFailuresAndCalls() {
        given().queryParam("failures", 1)
                .when().get("/flaky/sync")
                .then().statusCode(200);
        given().when().get("/flaky/state")
                .then().statusCode(200)
                .body("failures", equalTo(1))
                .body("calls", equalTo(2));
        given().when().post("/flaky/reset")
                .then().statusCode(200)
                .body("failures", equalTo(0))
                .body("calls", equalTo(0));
        given().when().get("/flaky/state")
                .then().statusCode(200)
                .body("failures", equalTo(0))
                .body("calls", equalTo(0));
    }

    @Test
    void negativeFailuresAreRejected() {
        given().queryParam("failures", -1)
                .when().get("/flaky/sync")
                .then().statusCode(400)
                .body("error", equalTo("InvalidRequestException"))
                .body("message", containsString("failures must not be negative"));
    }

    /** Later attempts run on the request's duplicated context: same request scope, same MDC. */
    @Test
    void retriedUniAttemptsKeepTheRequestScopeAndMdc() {
        io.restassured.path.json.JsonPath first = given().queryParam("failures", 2)
                .when().get("/flaky/context")
                .then().statusCode(200)
                .body("attempts", equalTo(3))
                .extract().jsonPath();
        String requestId = first.getString("requestId");
        java.util.List<String> seen = first.getList("seen", String.class);
        assertThat(requestId).isNotBlank();
        assertThat(seen).as("one entry per attempt, all in the caller's request")
                .containsExactly(requestId + "|" + requestId, requestId + "|" + requestId, requestId + "|" + requestId);

        String next = given().queryParam("failures", 0).when().get("/flaky/context")
                .then().statusCode(200).extract().path("requestId");
        assertThat(next).as("a new request, a new scope").isNotEqualTo(requestId);
    }
}
