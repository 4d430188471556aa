package io.quarkiverse.retry.runtime.config;

/**
 * A key's value in effect for a policy, and where it came from (what the Dev UI shows).
 *
 * @param value the value as written (or the built-in default)
 * @param source {@code policy} (the policy's own key), {@code default policy} (inherited from
 *        {@code quarkus.retry.*}) or {@code built-in}
 * @param key the full key it was read from, or the key that would set it
 */
public record EffectiveValue(String value, String source, String key) {

    public static final String POLICY = "policy";
    public static final String DEFAULT_POLICY = "default policy";
    public static final String BUILT_IN = "built-in";
}
