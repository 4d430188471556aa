package io.quarkiverse.retry.test.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.logging.Level;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code @POST} and {@code @PATCH} are not retried on a status (nor a timeout) unless {@code retry-non-idempotent};
 * a refused connection, where nothing reached the server, is; {@code @PUT} and {@code @DELETE} are idempotent. The
 * build says which methods it treats so.
 */
class IdempotencyTest {

    static final WireMock SERVER = Loopback.server();

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(OrdersClient.class, RefusedOrdersClient.class,
                    AnyMethodClient.class, Loopback.class, Loopback.RetryLog.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.max-attempts=3
                            quarkus.retry.base-delay=1ms
                            quarkus.retry.budget.enabled=false
                            quarkus.retry.any.retry-non-idempotent=true
                            """), "application.properties"))
            .overrideConfigKey("quarkus.rest-client.orders.url", Loopback.baseUrl())
            .overrideConfigKey("quarkus.rest-client.any.url", Loopback.baseUrl())
            .overrideConfigKey("quarkus.rest-client.refused-orders.url", Loopback.refusedUrl())
            .setLogRecordPredicate(r -> r.getLevel().intValue() == Level.INFO.intValue() && r.getMessage() != null
                    && r.getMessage().contains("REST client method"))
            .assertLogRecords(records -> assertThat(records)
                    .extracting(r -> ((ExtLogRecord) r).getFormattedMessage())
                    .anySatisfy(m -> assertThat(m).startsWith(OrdersClient.class.getName() + "#create is a POST REST"
                            + " client method").contains("quarkus.retry.retry-non-idempotent=true"))
                    .anySatisfy(m -> assertThat(m).startsWith(OrdersClient.class.getName() + "#amend is a PATCH"))
                    .noneSatisfy(m -> assertThat(m).contains("#replace"))
                    // its policy retries it anyway
                    .noneSatisfy(m -> assertThat(m).contains(AnyMethodClient.class.getName())));

    @RestClient
    OrdersClient orders;

    @RestClient
    RefusedOrdersClient refused;

    @RestClient
    AnyMethodClient anyMethod;

    @BeforeEach
    void stubs() {
        Loopback.reset(SERVER);
        SERVER.register(any(urlEqualTo("/orders")).willReturn(aResponse().withStatus(503)));
    }

    private int sent(String method, Runnable call) {
        SERVER.resetRequests();
        assertThat(catchThrowable(call::run)).isNotNull();
        return Loopback.requests(SERVER, method, "/orders");
    }

    @Test
    void postAndPatchAreNotRetriedOnAStatus() {
        assertThat(sent("POST", orders::create)).isEqualTo(1);
        assertThat(sent("PATCH", orders::amend)).isEqualTo(1);
    }

    @Test
    void putAndDeleteAreIdempotent() {
        assertThat(sent("PUT", orders::replace)).isEqualTo(3);
        assertThat(sent("DELETE", orders::cancel)).isEqualTo(3);
    }

    @Test
    void retryNonIdempotentRetriesAPost() {
        assertThat(sent("POST", anyMethod::create)).isEqualTo(3);
    }

    @Test
    void aPostToAConnectionThatIsRefusedIsRetried() {
        try (Loopback.RetryLog log = new Loopback.RetryLog()) {
            assertThat(catchThrowable(refused::create)).isNotNull();
            assertThat(log.retries(RefusedOrdersClient.class.getName() + "#create")).isEqualTo(2);
        }
    }

    @RegisterRestClient(configKey = "orders")
    @Path("/orders")
    @WithRetry
    public interface OrdersClient {
        @POST
        String create();

        @PATCH
        String amend();

        @PUT
        String replace();

        @DELETE
        String cancel();
    }

    @RegisterRestClient(configKey = "refused-orders")
    @Path("/orders")
    @WithRetry
    public interface RefusedOrdersClient {
        @POST
        String create();
    }

    @RegisterRestClient(configKey = "any")
    @Path("/orders")
    @WithRetry("any")
    public interface AnyMethodClient {
        @POST
        String create();
    }
}
