package io.quarkiverse.retry.test.propagation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;

/**
 * With {@code mark-responses=false} and a custom header name, no response carries the header, so every layer
 * retries: a response without the signal is handled exactly as before.
 */
class ChainMarkOffTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Chain.CLASSES)
                    .addAsResource(new StringAsset(Chain.CONFIG + "quarkus.retry.propagation.mark-responses=false\n"
                            + "quarkus.retry.propagation.header-name=X-Retries-Spent\n"), "application.properties"));

    @BeforeEach
    void reset() {
        Chain.DEPENDENCY_REQUESTS.set(0);
    }

    @Test
    void noResponseIsMarkedAndEveryLayerRetries() {
        Response response = given().get("/chain/a");

        assertThat(Chain.DEPENDENCY_REQUESTS.get()).isEqualTo(27);
        assertThat(response.header("X-Retries-Spent")).isNull();
        assertThat(response.header("Retry-Exhausted")).isNull();
    }
}
