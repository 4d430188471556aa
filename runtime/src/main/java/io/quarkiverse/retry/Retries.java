package io.quarkiverse.retry;

/**
 * Retries without annotations: the entry point for code that cannot use {@code @WithRetry} (lambdas, REST clients
 * built with {@code QuarkusRestClientBuilder}, third-party SDKs). Inject it and take the handle of a policy once:
 *
 * <pre>
 * &#64;Inject
 * Retries retries;
 *
 * Retry payments = retries.policy("payments"); // once, for example in a field initialized at startup
 *
 * Receipt receipt = payments.call("PaymentGateway#charge", () -&gt; gateway.charge(order));
 * </pre>
 *
 * A handle shares everything with {@code @WithRetry} methods of the same policy: the configuration
 * ({@code quarkus.retry."<name>".*}), the retry budget and the circuit breaker, the structured logs, metrics, spans
 * and the HTTP rules ({@code retry-on-status}, {@code Retry-After}).
 */
public interface Retries {

    /**
     * The handle of a retry policy, the same one for every call with the same name.
     *
     * @param name as in {@code @WithRetry("name")}; {@code ""} for the default policy ({@code quarkus.retry.*})
     * @throws UnknownRetryPolicyException if no {@code quarkus.retry."<name>".*} property configures the policy
     */
    Retry policy(String name);

    /** The handle of the default policy: {@code policy("")}. */
    default Retry defaultPolicy() {
        return policy("");
    }
}
