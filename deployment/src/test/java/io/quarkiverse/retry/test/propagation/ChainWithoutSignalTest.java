package io.quarkiverse.retry.test.propagation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;

/** The same chain with {@code quarkus.retry.propagation.enabled=false}: retries multiply, 3 × 3 × 3 = 27. */
class ChainWithoutSignalTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Chain.CLASSES)
                    .addAsResource(new StringAsset(Chain.CONFIG + "quarkus.retry.propagation.enabled=false\n"),
                            "application.properties"));

    @BeforeEach
    void reset() {
        Chain.DEPENDENCY_REQUESTS.set(0);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/chain/a", "/chain/uni/a" })
    void everyLayerRetries(String path) {
        Response response = given().get(path);

        assertThat(response.statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(Chain.DEPENDENCY_REQUESTS.get()).as("attempts that reached the dependency per user request")
                .isEqualTo(27);
        assertThat(response.header("Retry-Exhausted")).isNull();
    }
}
