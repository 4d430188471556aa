package io.quarkiverse.retry.test.devmode;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.quarkiverse.retry.WithRetry;

/** Reports how many attempts one call of an always failing {@code @WithRetry} method makes. */
@Path("/hot-reload")
public class HotReloadResource {

    @Inject
    Failing failing;

    @GET
    @Path("/attempts")
    public int attempts() {
        failing.attempts.set(0);
        try {
            failing.call();
        } catch (IllegalStateException expected) {
            // every attempt fails
        }
        return failing.attempts.get();
    }

    @Singleton
    public static class Failing {
        final AtomicInteger attempts = new AtomicInteger();

        @WithRetry
        public void call() {
            attempts.incrementAndGet();
            throw new IllegalStateException("always");
        }
    }
}
