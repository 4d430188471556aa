package io.quarkiverse.retry.runtime;

import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkiverse.retry.Retries;
import io.quarkiverse.retry.Retry;
import io.quarkiverse.retry.UnknownRetryPolicyException;
import io.quarkiverse.retry.runtime.config.ResolvedPolicy;

/**
 * The {@link Retries} bean: one {@link RetryHandle} per policy name, made on first request from the policies
 * resolved at startup.
 * <p>
 * Threading: the handles live in a {@link ConcurrentHashMap}.
 */
@Singleton
public class RetriesImpl implements Retries {

    private final RetryRegistry registry;
    private final Map<String, RetryHandle> handles = new ConcurrentHashMap<>();

    @Inject
    public RetriesImpl(RetryRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Retry policy(String name) {
        Objects.requireNonNull(name, "name (\"\" for the default policy)");
        RetryHandle handle = handles.get(name);
        if (handle != null) {
            return handle;
        }
        Map<String, ResolvedPolicy> policies = registry.resolvedPolicies();
        ResolvedPolicy resolved = policies.get(name);
        if (resolved == null) {
            TreeSet<String> configured = new TreeSet<>(policies.keySet());
            configured.remove("");
            throw new UnknownRetryPolicyException("Retries.policy(\"" + name + "\")", name, configured);
        }
        return handles.computeIfAbsent(name, n -> new RetryHandle(registry.retrierFactory(), resolved,
                resolved.policy(), true, registry.isEnabled()));
    }
}
