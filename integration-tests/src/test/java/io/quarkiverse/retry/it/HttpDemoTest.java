package io.quarkiverse.retry.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The HTTP demo: a REST client interface with {@code @WithRetry} calling a real HTTP endpoint (a second endpoint of
 * the application). {@link HttpDemoIT} runs the same tests against the packaged application.
 */
@QuarkusTest
class HttpDemoTest {

    @ParameterizedTest
    @ValueSource(strings = { "/http/stock", "/http/stock-uni" })
    void twoUnavailableThenInStock(String path) {
        given().queryParam("failures", 2).queryParam("status", 503)
                .when().get(path)
                .then().statusCode(200)
                .body("result", equalTo("42 x demo-sku"))
                .body("requests", equalTo(3));
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 404, 501 })
    void aStatusThatIsNotRetryableIsSentOnce(int status) {
        given().queryParam("failures", 5).queryParam("status", status)
                .when().get("/http/stock")
                .then().statusCode(502)
                .body("error", equalTo("HTTP " + status))
                .body("attempts", equalTo(1));
    }

    @Test
    void giveUpAfterMaxAttempts() {
        given().queryParam("failures", 5).queryParam("status", 503)
                .when().get("/http/stock")
                .then().statusCode(502)
                .body("error", equalTo("HTTP 503"))
                .body("attempts", equalTo(3));
    }

    @Test
    void retryAfterIsHonoured() {
        given().queryParam("failures", 1).queryParam("status", 429).queryParam("retryAfter", "1")
                .when().get("/http/stock")
                .then().statusCode(200)
                .body("requests", equalTo(2))
                .body("millis", greaterThanOrEqualTo(1_000));
    }

    @Test
    void aRetryAfterLongerThanMaxDelayGivesUpAtOnce() {
        given().queryParam("failures", 1).queryParam("status", 503).queryParam("retryAfter", "60")
                .when().get("/http/stock")
                .then().statusCode(502)
                .body("attempts", equalTo(1));
    }

    @Test
    void aPostIsNotRetriedOnAStatus() {
        given().queryParam("failures", 1).queryParam("status", 503)
                .when().post("/http/order")
                .then().statusCode(502)
                .body("attempts", equalTo(1));
        given().queryParam("failures", 0)
                .when().post("/http/order")
                .then().statusCode(200)
                .body("requests", equalTo(1))
                .body("millis", lessThan(5_000));
    }
}
