package io.quarkiverse.retry;

/**
 * Implemented by an exception that knows whether (and when) the call that failed with it should be retried, for
 * example a client exception that carries a server's "retry after" hint. Found on the failure itself or anywhere in
 * its cause chain; wins over {@link FailureClassifier} beans and over the built-in HTTP rules.
 *
 * <pre>
 * public class QuotaExceededException extends RuntimeException implements RetryAdvised {
 *     &#64;Override
 *     public RetryAdvice retryAdvice() {
 *         return RetryAdvice.retryAfter(Duration.ofSeconds(resetSeconds), "quota resets in " + resetSeconds + " s");
 *     }
 * }
 * </pre>
 */
public interface RetryAdvised {

    /** What this failure asks for; {@link RetryAdvice#NONE} leaves the decision to the policy. */
    RetryAdvice retryAdvice();
}
