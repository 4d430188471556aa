package io.quarkiverse.retry.test.observability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/** A custom group name: the check is served under {@code /q/health/group/<name>} only. */
class HealthCustomGroupTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.health.group=dependencies
                            quarkus.retry.backend.circuit-breaker.enabled=true
                            """), "application.properties"));

    @Test
    void inTheCustomGroup() {
        given().get("/q/health/group/dependencies").then().statusCode(200)
                .body("checks.name", hasItem("quarkus-retry"));
        given().get("/q/health/well").then().body("checks.name", not(hasItem("quarkus-retry")));
        given().get("/q/health/ready").then().body("checks.name", not(hasItem("quarkus-retry")));
    }

    @Singleton
    public static class Service {
        @WithRetry("backend")
        public String backend() {
            return "ok";
        }
    }
}
