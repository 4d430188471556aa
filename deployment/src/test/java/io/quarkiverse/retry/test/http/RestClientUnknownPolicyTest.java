package io.quarkiverse.retry.test.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/** A typo in the policy name of a REST client interface method fails the start, as on a bean, naming the interface. */
class RestClientUnknownPolicyTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(InventoryClient.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry."inventory".max-attempts=4
                            quarkus.rest-client.inventory.url=http://127.0.0.1:1
                            """), "application.properties"))
            .assertException(t -> {
                StringBuilder messages = new StringBuilder();
                for (Throwable c = t; c != null; c = c.getCause()) {
                    messages.append(c.getMessage()).append('\n');
                }
                assertThat(messages.toString()).contains("@WithRetry(\"inventroy\") on " + InventoryClient.class.getName()
                        + "#stock", "[inventory]").doesNotContain("$$CDIWrapper");
            });

    @Test
    void startFails() {
        fail("the start must fail");
    }

    @RegisterRestClient(configKey = "inventory")
    @Path("/stock")
    public interface InventoryClient {
        @GET
        @WithRetry("inventroy")
        String stock();
    }
}
