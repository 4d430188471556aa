package io.quarkiverse.retry.runtime.core;

import java.util.List;
import java.util.function.LongSupplier;

import io.quarkiverse.retry.CircuitBreakerOpenException;
import io.quarkiverse.retry.FailureClassifier;
import io.quarkiverse.retry.RetryAdvice;
import io.quarkiverse.retry.RetryAdvised;

/**
 * Whether one failure may be retried, and after which wait it asks for. In this order, the first rule that decides
 * wins:
 * <ol>
 * <li>A {@link CircuitBreakerOpenException} is never retried.</li>
 * <li>Class rules: a failure of an {@code abort-on} type, or of no {@code retry-on} type, is not retried. A
 * {@code retry-on} or {@code abort-on} entry {@code jakarta.ws.rs.ProcessingException} also matches every
 * {@link TransportFailure}, whatever the REST client wraps it in.</li>
 * <li>A response with the header that says retries were already spent downstream
 * ({@code quarkus.retry.propagation.header-name}) is never retried.</li>
 * <li>The failure's own advice ({@link RetryAdvised}, on the failure or in its cause chain).</li>
 * <li>{@link FailureClassifier} beans, the first with an opinion deciding.</li>
 * <li>A request that is not idempotent (a {@code POST} or {@code PATCH} REST client method) is not retried on an
 * HTTP status or on a transport failure other than {@link TransportFailure#CONNECT} (nothing reached the server),
 * unless {@code retry-non-idempotent}.</li>
 * <li>HTTP statuses, for a failure that carries a response: retried when a {@code retry-on} entry that is an HTTP
 * exception type matches it (class rules win over status rules), otherwise when the status is in
 * {@code retry-on-status} and not in {@code abort-on-status}. A retried 429 or 503 with a {@code Retry-After} header
 * asks for that wait (unless {@code honor-retry-after=false}).</li>
 * <li>Anything else the class rules let through is retried after the computed backoff.</li>
 * </ol>
 * Threading: immutable; called on the failure path of any call.
 */
public final class FailureRules {

    private final FailureTypes retryable;
    private final HttpRules http;
    private final FailureClassifier[] classifiers;
    private final LongSupplier wallClock;

    /**
     * @param retryable {@code retry-on} and {@code abort-on}
     * @param classifiers the application's {@link FailureClassifier} beans, highest priority first
     * @param wallClock epoch milliseconds, to turn a {@code Retry-After} date into a wait
     */
    public FailureRules(FailureTypes retryable, HttpRules http, List<FailureClassifier> classifiers,
            LongSupplier wallClock) {
        this.retryable = retryable;
        this.http = http;
        this.classifiers = classifiers.toArray(new FailureClassifier[0]);
        this.wallClock = wallClock;
    }

    public HttpRules http() {
        return http;
    }

    /**
     * @param idempotent whether the call may be sent again without harm (everything but {@code POST} and
     *        {@code PATCH} REST client methods)
     */
    public Verdict classify(Throwable failure, boolean idempotent) {
        if (failure instanceof CircuitBreakerOpenException || !retryable.matches(failure)) {
            return Verdict.NOT_RETRYABLE;
        }
        // the response's status is read once for both rules that need it (each read walks the cause chain)
        int status = http.responses().status(failure);
        if (status >= 0 && http.spentHeader() != null) {
            String spent = http.responses().header(failure, http.spentHeader());
            if (spent != null) {
                return new Verdict(false, -1, "the response carries " + http.spentHeader() + ": " + spent
                        + ", so retries were already spent downstream (retry only at the layer next to the failure)",
                        true);
            }
        }
        RetryAdvice advice = Causes.first(failure, t -> t instanceof RetryAdvised advised ? advice(advised) : null);
        if (advice == null) {
            advice = classifierAdvice(failure);
        }
        if (advice != null) {
            return verdict(advice);
        }
        return httpVerdict(failure, idempotent, status);
    }

    private static RetryAdvice advice(RetryAdvised advised) {
        RetryAdvice advice;
        try {
            advice = advised.retryAdvice();
        } catch (RuntimeException e) {
            return null;
        }
        return advice == null || advice.kind() == RetryAdvice.Kind.NONE ? null : advice;
    }

    private RetryAdvice classifierAdvice(Throwable failure) {
        for (FailureClassifier classifier : classifiers) {
            RetryAdvice advice;
            try {
                advice = classifier.classify(failure);
            } catch (RuntimeException e) {
                continue; // a classifier that throws has no opinion
            }
            if (advice != null && advice.kind() != RetryAdvice.Kind.NONE) {
                return advice;
            }
        }
        return null;
    }

    private static Verdict verdict(RetryAdvice advice) {
        if (advice.kind() == RetryAdvice.Kind.DO_NOT_RETRY) {
            return Verdict.no(advice.reason().orElse(null));
        }
        return advice.delay().map(d -> new Verdict(true, nanos(d.toNanos()), advice.reason().orElse("advised")))
                .orElse(Verdict.RETRY);
    }

    /** @param status the status of the response the failure carries, {@code -1} for none */
    private Verdict httpVerdict(Throwable failure, boolean idempotent, int status) {
        boolean safe = idempotent || http.retryNonIdempotent();
        if (status < 0) {
            if (!safe) {
                TransportFailure transport = TransportFailure.of(failure);
                if (transport == TransportFailure.TIMEOUT || transport == TransportFailure.CLOSED) {
                    return Verdict.no((transport == TransportFailure.TIMEOUT ? "a timeout" : "a closed connection")
                            + " of a request that is not idempotent (it may have been processed; retry-non-idempotent"
                            + " is false)");
                }
            }
            return Verdict.RETRY;
        }
        if (!safe) {
            return Verdict.no("HTTP " + status + " to a request that is not idempotent (retry-non-idempotent is false)");
        }
        boolean explicit = http.httpRetryOn() != null && http.httpRetryOn().matches(failure);
        if (!explicit) {
            if (http.abortOnStatus().contains(status)) {
                return Verdict.no("HTTP " + status + " is in abort-on-status (" + http.abortOnStatus() + ")");
            }
            if (!http.retryOnStatus().contains(status)) {
                return Verdict.no("HTTP " + status + " is not in retry-on-status (" + http.retryOnStatus() + ")");
            }
        }
        if (http.honorRetryAfter() && (status == 429 || status == 503)) {
            String header = http.responses().header(failure, "Retry-After");
            long wait = RetryAfter.parseNanos(header, wallClock.getAsLong());
            if (wait >= 0) {
                return new Verdict(true, wait, "Retry-After: " + header.trim() + " on HTTP " + status);
            }
        }
        return Verdict.RETRY;
    }

    private static long nanos(long value) {
        return value < 0 ? 0 : value;
    }
}
