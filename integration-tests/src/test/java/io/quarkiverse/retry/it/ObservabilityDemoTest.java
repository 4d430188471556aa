package io.quarkiverse.retry.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The demo's observability, as the README shows it: after the README's curl calls, {@code /q/metrics} has the retry
 * meters with the values those calls made, and {@code /q/health/well} has the {@code quarkus-retry} check.
 * {@link ObservabilityDemoIT} runs the same tests against the packaged application.
 */
@QuarkusTest
class ObservabilityDemoTest {

    static final String STOCK = "io.quarkiverse.retry.it.UpstreamClient#stock";

    /** The value of the one series of {@code name} whose labels include {@code labels} (written as in the scrape). */
    static double value(String scrape, String name, String... labels) {
        // the value may be followed by an exemplar (" # {span_id=...} 1.0 ..."): OpenTelemetry is in the demo
        Pattern line = Pattern.compile("^" + name + "\\{([^}]*)} (\\S+)", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        Double found = null;
        while (m.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= m.group(1).contains(label);
            }
            if (all) {
                assertThat(found).as("one series of " + name + " with " + String.join(",", labels)).isNull();
                found = Double.parseDouble(m.group(2));
            }
        }
        assertThat(found).as(name + " with " + String.join(",", labels) + " in:\n" + scrape).isNotNull();
        return found;
    }

    static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void retriesShowInTheMetrics() {
        String method = "method=\"" + STOCK + "\"";
        String before = scrape();
        double retried = value(before, "retry_calls_total", method, "outcome=\"success\"", "retried=\"true\"");
        double exhausted = value(before, "retry_calls_total", method, "outcome=\"exhausted\"", "retried=\"true\"");
        double retries = value(before, "retry_retries_total", method);

        // the README's calls: two 503s then in stock; always 503 (gives up after 3 attempts)
        given().queryParam("failures", 2).queryParam("status", 503).get("/http/stock").then().statusCode(200);
        given().queryParam("failures", 5).queryParam("status", 503).get("/http/stock").then().statusCode(502);

        String after = scrape();
        assertThat(value(after, "retry_calls_total", method, "outcome=\"success\"", "retried=\"true\""))
                .isEqualTo(retried + 1);
        assertThat(value(after, "retry_calls_total", method, "outcome=\"exhausted\"", "retried=\"true\""))
                .isEqualTo(exhausted + 1);
        assertThat(value(after, "retry_retries_total", method)).isEqualTo(retries + 4);
        assertThat(value(after, "retry_call_attempts_max", method)).isEqualTo(3);
        assertThat(value(after, "retry_circuitbreaker_state", "policy=\"upstream\"", "state=\"closed\""))
                .isEqualTo(1);
        assertThat(value(after, "retry_budget_available", "budget=\"shared\"")).isPositive();
        // every method's series exist before its first failure
        assertThat(value(after, "retry_calls_total", "method=\"io.quarkiverse.retry.it.UpstreamClient#order\"",
                "outcome=\"circuit_open\"", "retried=\"false\"")).isZero();
    }

    @Test
    void theCheckIsInTheWellnessGroup() {
        given().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'quarkus-retry' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'quarkus-retry' }.data.'circuit-breaker.upstream.state'",
                        equalTo("CLOSED"));
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", not(hasItem("quarkus-retry")));
    }
}
