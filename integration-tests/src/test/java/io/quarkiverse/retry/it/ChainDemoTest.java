package io.quarkiverse.retry.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Retries across services in the demo: three retrying layers in front of a dependency that is down cost it 3
 * requests per user request, and every layer's error response says why. {@link ChainDemoIT} runs the same against
 * the packaged application.
 */
@QuarkusTest
class ChainDemoTest {

    @BeforeEach
    void reset() {
        given().post("/chain/reset").then().statusCode(204);
    }

    @Test
    void onlyTheLayerNextToTheDependencyRetries() {
        given().when().get("/chain/a")
                .then().statusCode(502)
                .header("Retry-Exhausted", equalTo("not_retryable"));
        given().when().get("/chain/dependency-requests").then().body(equalTo("3"));
    }

    @Test
    void theLayerThatRetriedSaysItWasExhausted() {
        given().when().get("/chain/c")
                .then().statusCode(502)
                .header("Retry-Exhausted", equalTo("exhausted"));
        given().when().get("/chain/dependency-requests").then().body(equalTo("3"));
    }
}
