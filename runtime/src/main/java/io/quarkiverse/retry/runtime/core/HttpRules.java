package io.quarkiverse.retry.runtime.core;

import java.util.List;

/**
 * The HTTP keys of a policy: which statuses are retried, whether {@code Retry-After} is honoured, whether requests
 * that are not idempotent are retried on a status or a timeout.
 *
 * @param retryOnStatus statuses that are retried ({@code retry-on-status})
 * @param abortOnStatus statuses that are never retried, winning over {@code retryOnStatus} ({@code abort-on-status})
 * @param honorRetryAfter whether a 429 or 503 with {@code Retry-After} sets the next wait ({@code honor-retry-after})
 * @param retryNonIdempotent whether a POST or PATCH is retried on a status or a timeout ({@code retry-non-idempotent})
 * @param httpRetryOn the {@code retry-on} types that are HTTP exception types (a {@code WebApplicationException} and
 *        its subtypes): a failure they match is retried whatever its status; {@code null} for none
 * @param responses reads the HTTP response a failure carries
 * @param spentHeader the header by which a response says that retries were already spent downstream
 *        ({@code quarkus.retry.propagation.header-name}): a response carrying it is never retried; {@code null} when
 *        such responses are handled like any other ({@code quarkus.retry.propagation.honor-responses=false})
 */
public record HttpRules(StatusSet retryOnStatus, StatusSet abortOnStatus, boolean honorRetryAfter,
        boolean retryNonIdempotent, FailureTypes httpRetryOn, HttpResponses responses, String spentHeader) {

    /** Rules that ignore the signal of retries spent downstream. */
    public HttpRules(StatusSet retryOnStatus, StatusSet abortOnStatus, boolean honorRetryAfter,
            boolean retryNonIdempotent, FailureTypes httpRetryOn, HttpResponses responses) {
        this(retryOnStatus, abortOnStatus, honorRetryAfter, retryNonIdempotent, httpRetryOn, responses, null);
    }

    /** The statuses retried by default: request timeout, too early, too many requests, and server errors but 501. */
    public static final List<String> DEFAULT_RETRY_ON_STATUS = List.of("408", "425", "429", "500", "502", "503", "504");

    /** The defaults, reading no HTTP response (what unit tests of other concerns use). */
    public static final HttpRules DEFAULTS = new HttpRules(StatusSet.parse(DEFAULT_RETRY_ON_STATUS), StatusSet.EMPTY,
            true, false, null, HttpResponses.NONE);
}
