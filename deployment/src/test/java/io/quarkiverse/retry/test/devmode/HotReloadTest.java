package io.quarkiverse.retry.test.devmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.concurrent.TimeUnit;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusDevModeTest;
import io.restassured.RestAssured;

/**
 * Dev mode: a policy changed in {@code application.properties} takes effect after the hot reload, and the old
 * application's budget clock thread does not survive the reload.
 */
class HotReloadTest {

    private static final String CLOCK_THREAD = "quarkus-retry-clock";

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(HotReloadResource.class, HotReloadResource.Failing.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.max-attempts=2
                            quarkus.retry.base-delay=0
                            """), "application.properties"));

    @Test
    void aChangedPolicyTakesEffectAfterTheReload() throws InterruptedException {
        RestAssured.get("/hot-reload/attempts").then().statusCode(200).body(is("2"));
        assertThat(clockThreads()).as("the budget (on by default) runs one clock thread").isEqualTo(1);

        TEST.modifyResourceFile("application.properties", properties -> properties.replace("max-attempts=2",
                "max-attempts=4"));
        RestAssured.get("/hot-reload/attempts").then().statusCode(200).body(is("4"));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (clockThreads() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(clockThreads()).as("the old application's clock thread stopped with it").isEqualTo(1);
    }

    private static long clockThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().equals(CLOCK_THREAD)).count();
    }
}
