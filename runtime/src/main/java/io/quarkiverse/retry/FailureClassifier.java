package io.quarkiverse.retry;

/**
 * A CDI bean that gives {@link RetryAdvice} for failures it does not own (a third-party SDK's exceptions, say).
 * Every bean of this type is asked, in the order of their {@code @jakarta.annotation.Priority} (highest first), until
 * one gives advice other than {@link RetryAdvice#NONE}; a failure that implements {@link RetryAdvised} is not asked
 * about. Called on the failure path of every retried method, from the thread that saw the failure: must be quick,
 * thread-safe, and must not throw (a classifier that throws counts as {@link RetryAdvice#NONE}).
 *
 * <pre>
 * &#64;ApplicationScoped
 * public class StorageClassifier implements FailureClassifier {
 *     &#64;Override
 *     public RetryAdvice classify(Throwable failure) {
 *         if (failure instanceof StorageException e &amp;&amp; e.getCode() == 412) {
 *             return RetryAdvice.doNotRetry("precondition failed");
 *         }
 *         return RetryAdvice.NONE;
 *     }
 * }
 * </pre>
 */
public interface FailureClassifier {

    /**
     * @param failure the failure of an attempt (never {@code null})
     * @return the advice, {@link RetryAdvice#NONE} when this classifier has no opinion
     */
    RetryAdvice classify(Throwable failure);
}
