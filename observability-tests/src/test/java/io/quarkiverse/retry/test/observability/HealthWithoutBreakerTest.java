package io.quarkiverse.retry.test.observability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/** Without a circuit breaker there is nothing to report: no check is registered. */
class HealthWithoutBreakerTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class));

    @Test
    void noCheck() {
        given().get("/q/health").then().statusCode(200).body("checks.name", not(hasItem("quarkus-retry")));
    }

    @Singleton
    public static class Service {
        @WithRetry
        public String call() {
            return "ok";
        }
    }
}
