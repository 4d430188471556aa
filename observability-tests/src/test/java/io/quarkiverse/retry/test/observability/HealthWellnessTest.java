package io.quarkiverse.retry.test.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.CircuitBreakers;
import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.path.json.JsonPath;

/**
 * The {@code quarkus-retry} check in the wellness group: in {@code /q/health} and {@code /q/health/well}, never in
 * a probe. Policy "backend" has a breaker that does not fail the check; policy "critical" sets {@code fail-health}.
 */
class HealthWellnessTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=0
                            quarkus.retry.backend.circuit-breaker.enabled=true
                            quarkus.retry.critical.max-attempts=2
                            quarkus.retry.critical.budget.enabled=false
                            quarkus.retry.critical.circuit-breaker.enabled=true
                            quarkus.retry.critical.circuit-breaker.fail-health=true
                            quarkus.retry.critical.circuit-breaker.request-volume-threshold=2
                            quarkus.retry.critical.circuit-breaker.delay=300ms
                            """), "application.properties"));

    @Inject
    CircuitBreakers breakers;

    @Inject
    Service service;

    @BeforeEach
    void reset() {
        breakers.reset("backend");
        breakers.reset("critical");
    }

    private static JsonPath check(String path, int status) {
        JsonPath json = given().get(path).then().statusCode(status).extract().jsonPath();
        return json.setRootPath("checks.find { it.name == 'quarkus-retry' }");
    }

    @Test
    void wellnessNeverProbes() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", not(hasItem("quarkus-retry")));
        given().get("/q/health/live").then().statusCode(200).body("checks.name", not(hasItem("quarkus-retry")));
        given().get("/q/health/started").then().body("checks.name", not(hasItem("quarkus-retry")));
        assertThat(check("/q/health/well", 200).getString("status")).isEqualTo("UP");
        JsonPath all = check("/q/health", 200);
        assertThat(all.getString("status")).isEqualTo("UP");
        Map<String, Object> data = all.getMap("data");
        assertThat(data).containsEntry("circuit-breaker.backend.state", "CLOSED")
                .containsEntry("circuit-breaker.critical.state", "CLOSED")
                .containsEntry("circuit-breaker.backend.failure-ratio", "0.00")
                .containsKeys("circuit-breaker.backend.times-opened", "circuit-breaker.backend.since",
                        "budget.shared.available", "budget.shared.denied");
    }

    @Test
    void openBreakerWithoutFailHealthStaysUp() {
        breakers.forceOpen("backend");
        JsonPath check = check("/q/health/well", 200);
        assertThat(check.getString("status")).isEqualTo("UP");
        assertThat(check.getString("data.'circuit-breaker.backend.state'")).isEqualTo("FORCED_OPEN");
    }

    @Test
    void failHealthBreakerOpenIsDownHalfOpenIsUp() throws InterruptedException {
        assertThatThrownBy(service::critical).isInstanceOf(IllegalStateException.class);
        JsonPath open = check("/q/health/well", 503);
        assertThat(open.getString("status")).isEqualTo("DOWN");
        assertThat(open.getString("data.'circuit-breaker.critical.state'")).isEqualTo("OPEN");
        assertThat(open.getLong("data.'circuit-breaker.critical.times-opened'")).isEqualTo(1);
        assertThat(open.getString("data.'circuit-breaker.critical.failure-ratio'")).isEqualTo("1.00");
        // the probes do not see it
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);

        Thread.sleep(350);
        JsonPath halfOpen = check("/q/health/well", 200);
        assertThat(halfOpen.getString("status")).isEqualTo("UP");
        assertThat(halfOpen.getString("data.'circuit-breaker.critical.state'")).isEqualTo("HALF_OPEN");

        breakers.forceOpen("critical");
        assertThat(check("/q/health", 503).getString("status")).isEqualTo("DOWN");
    }

    @Singleton
    public static class Service {
        @WithRetry("critical")
        public String critical() {
            throw new IllegalStateException("down");
        }

        @WithRetry("backend")
        public String backend() {
            return "ok";
        }
    }
}
