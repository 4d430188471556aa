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
 * Each end can be turned off alone: with {@code honor-responses=false} responses are still marked, but clients
 * retry them, so the chain multiplies again.
 */
class ChainHonorOffTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Chain.CLASSES)
                    .addAsResource(new StringAsset(Chain.CONFIG + "quarkus.retry.propagation.honor-responses=false\n"),
                            "application.properties"));

    @BeforeEach
    void reset() {
        Chain.DEPENDENCY_REQUESTS.set(0);
    }

    @Test
    void responsesAreMarkedButRetried() {
        Response response = given().get("/chain/a");

        assertThat(Chain.DEPENDENCY_REQUESTS.get()).isEqualTo(27);
        assertThat(response.header("Retry-Exhausted")).isEqualTo("exhausted");
    }
}
