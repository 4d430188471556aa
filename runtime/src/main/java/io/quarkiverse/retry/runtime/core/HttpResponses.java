package io.quarkiverse.retry.runtime.core;

/**
 * Reads the HTTP response a failure carries (for example a Jakarta REST {@code WebApplicationException}, found on the
 * failure or in its cause chain). An implementation exists only when the application has an HTTP client API; the
 * core itself depends on none.
 */
public interface HttpResponses {

    /** No HTTP API: no failure carries a response. */
    HttpResponses NONE = new HttpResponses() {
        @Override
        public int status(Throwable failure) {
            return -1;
        }

        @Override
        public String header(Throwable failure, String name) {
            return null;
        }
    };

    /** The status of the response {@code failure} carries, {@code -1} if it carries none. */
    int status(Throwable failure);

    /** A header of that response, {@code null} if absent (or no response). */
    String header(Throwable failure, String name);
}
