package io.quarkiverse.retry.test.devmode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.devui.tests.DevUIJsonRPCTest;
import io.quarkus.test.QuarkusDevModeTest;
import io.restassured.RestAssured;

/**
 * Every method of the Dev UI's JSON-RPC service, over the Dev UI's WebSocket in dev mode: the methods with their
 * effective policy and live counters, the guards, the "N open" label, and the breaker actions.
 */
class DevUiJsonRpcTest extends DevUIJsonRPCTest {

    static final String FLAKY = DevUiResource.Flaky.class.getName() + "#call";
    static final String IDLE = DevUiResource.Flaky.class.getName() + "#idle";

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(DevUiResource.class, DevUiResource.Flaky.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=0
                            quarkus.retry.max-attempts=5
                            quarkus.retry.inventory.max-attempts=4
                            quarkus.retry.inventory.circuit-breaker.enabled=true
                            quarkus.retry.inventory.budget.shared=false
                            """), "application.properties"));

    DevUiJsonRpcTest() {
        super("quarkus-retry");
    }

    @Test
    void getMethods() throws Exception {
        RestAssured.get("/dev-ui-test/flaky").then().statusCode(200);
        JsonNode methods = executeJsonRPCMethod("getMethods");
        JsonNode flaky = find(methods, "method", FLAKY);
        assertThat(flaky.get("shape").asText()).isEqualTo("SYNC");
        assertThat(flaky.get("policy").asText()).isEqualTo("inventory");
        JsonNode settings = flaky.get("settings");
        assertThat(settings.get("max-attempts").get("value").asText()).isEqualTo("4");
        assertThat(settings.get("max-attempts").get("source").asText()).isEqualTo("policy");
        assertThat(settings.get("max-attempts").get("key").asText()).isEqualTo("quarkus.retry.inventory.max-attempts");
        assertThat(settings.get("base-delay").get("value").asText()).isEqualTo("0");
        assertThat(settings.get("base-delay").get("source").asText()).isEqualTo("default policy");
        assertThat(settings.get("multiplier").get("source").asText()).isEqualTo("built-in");
        assertThat(flaky.get("calls").get("success").asLong()).isEqualTo(1);
        assertThat(flaky.get("calls").get("exhausted").asLong()).isZero();
        assertThat(flaky.get("retries").asLong()).isEqualTo(2);
        assertThat(flaky.get("lastFailureType").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(flaky.get("lastFailureAt").asText()).isNotBlank();

        JsonNode idle = find(methods, "method", IDLE);
        assertThat(idle.get("policy").asText()).isEqualTo("<default>");
        assertThat(idle.get("settings").get("max-attempts").get("value").asText()).isEqualTo("5");
        assertThat(idle.get("settings").get("max-attempts").get("source").asText()).isEqualTo("default policy");
        assertThat(idle.get("retries").asLong()).isZero();
        assertThat(idle.hasNonNull("lastFailureType")).isFalse();
    }

    @Test
    void guardsAndBreakerActions() throws Exception {
        JsonNode guards = executeJsonRPCMethod("getGuards");
        assertThat(find(guards.get("budgets"), "name", "shared").get("available").asLong()).isPositive();
        JsonNode own = find(guards.get("budgets"), "name", "inventory");
        assertThat(own.get("denied").asLong()).isZero();
        JsonNode breaker = find(guards.get("breakers"), "policy", "inventory");
        assertThat(breaker.get("state").asText()).isEqualTo("CLOSED");
        assertThat(breaker.get("requestVolumeThreshold").asInt()).isEqualTo(100);
        assertThat(executeJsonRPCMethod("getOpenLabel").asText()).isEqualTo("0 open");

        JsonNode opened = executeJsonRPCMethod("forceOpen", Map.of("policy", "inventory"));
        assertThat(opened.get("state").asText()).isEqualTo("FORCED_OPEN");
        assertThat(executeJsonRPCMethod("getOpenLabel").asText()).isEqualTo("1 open");
        RestAssured.get("/dev-ui-test/flaky").then().statusCode(500);

        JsonNode closed = executeJsonRPCMethod("forceClosed", Map.of("policy", "inventory"));
        assertThat(closed.get("state").asText()).isEqualTo("FORCED_CLOSED");
        assertThat(executeJsonRPCMethod("getOpenLabel").asText()).isEqualTo("0 open");

        JsonNode reset = executeJsonRPCMethod("reset", Map.of("policy", "inventory"));
        assertThat(reset.get("state").asText()).isEqualTo("CLOSED");
        assertThat(reset.get("timesOpened").asLong()).as("counted since startup, forced opens included").isEqualTo(1);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.get(field).asText())) {
                return node;
            }
        }
        throw new AssertionError("No " + field + "=" + value + " in " + array);
    }
}
