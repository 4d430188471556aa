package io.quarkiverse.retry.test.devmode;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.quarkiverse.retry.WithRetry;

/** The application of {@link DevUiJsonRpcTest}: {@code /dev-ui-test/flaky} succeeds on every third attempt. */
@Path("/dev-ui-test")
public class DevUiResource {

    @Inject
    Flaky flaky;

    @GET
    @Path("/flaky")
    public String flaky() {
        return flaky.call();
    }

    @Singleton
    public static class Flaky {
        private int attempts;

        @WithRetry("inventory")
        public String call() {
            if (++attempts % 3 != 0) {
                throw new IllegalStateException("not yet");
            }
            return "ok";
        }

        @WithRetry
        public String idle() {
            return "idle";
        }
    }
}
