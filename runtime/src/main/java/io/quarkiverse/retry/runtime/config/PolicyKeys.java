package io.quarkiverse.retry.runtime.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The keys of one config group ({@code G}) of one policy, with the named-policy fallback written once: a key the
 * policy leaves unset takes the default policy's value, and then the built-in default.
 *
 * <pre>
 * Setting&lt;Integer&gt; maxAttempts = keys.get("max-attempts", RetryPolicyConfig::maxAttempts, Defaults.MAX_ATTEMPTS);
 * </pre>
 *
 * @param policy the policy name, {@code ""} for the default policy
 * @param prefix the group's key prefix after the policy, such as {@code budget.} ({@code ""} for the policy keys)
 * @param own the policy's own group
 * @param defaults the default policy's group, or {@code null} when {@code own} is the default policy's
 */
record PolicyKeys<G>(ConfigProblems problems, String policy, String prefix, G own, G defaults,
        Map<String, EffectiveValue> effective) {

    /** The policy keys of {@code policy}. */
    static PolicyKeys<RetryPolicyConfig> of(ConfigProblems problems, RetryConfig config, String policy) {
        RetryPolicyConfig own = policy.isEmpty() ? config.defaultPolicy() : config.policies().get(policy);
        return new PolicyKeys<>(problems, policy, "", own, policy.isEmpty() ? null : config.defaultPolicy(),
                new LinkedHashMap<>());
    }

    /** The keys of a nested group, for example {@code keys.group("budget.", RetryPolicyConfig::budget)}. */
    <N> PolicyKeys<N> group(String groupPrefix, Function<G, N> group) {
        return new PolicyKeys<>(problems, policy, prefix + groupPrefix, group.apply(own),
                defaults == null ? null : group.apply(defaults), effective);
    }

    /** Whether this is the default policy. */
    boolean isDefaultPolicy() {
        return defaults == null;
    }

    /** The value of {@code property}: the policy's own, else the default policy's, else {@code builtIn}. */
    <T> Setting<T> get(String property, Function<G, Optional<T>> key, T builtIn) {
        Optional<T> value = key.apply(own);
        Setting<T> setting = value.isPresent() ? problems.setting(problems.keyOf(policy, prefix + property), value.get())
                : inherited(property, key, builtIn);
        String source = value.isPresent() ? (defaults == null ? EffectiveValue.DEFAULT_POLICY : EffectiveValue.POLICY)
                : setting.key().endsWith(" (default)") ? EffectiveValue.BUILT_IN : EffectiveValue.DEFAULT_POLICY;
        effective.put(prefix + property, new EffectiveValue(setting.value() == null ? null : setting.raw(), source,
                source.equals(EffectiveValue.BUILT_IN) ? keyOf(property) : setting.key()));
        return setting;
    }

    /** The value of {@code property} the policy would have if it did not set it itself. */
    <T> Setting<T> inherited(String property, Function<G, Optional<T>> key, T builtIn) {
        Optional<T> value = defaults == null ? Optional.empty() : key.apply(defaults);
        if (value.isPresent()) {
            return problems.setting(ConfigProblems.PREFIX + prefix + property, value.get());
        }
        return new Setting<>(builtIn, ConfigProblems.PREFIX + prefix + property + " (default)",
                String.valueOf(builtIn));
    }

    /** The policy's own value of {@code property}, if it sets one. */
    <T> Optional<Setting<T>> own(String property, Function<G, Optional<T>> key) {
        return key.apply(own).map(value -> problems.setting(problems.keyOf(policy, prefix + property), value));
    }

    /** The full key of {@code property} of this policy, as the user would write it. */
    String keyOf(String property) {
        return problems.keyOf(policy, prefix + property);
    }
}
