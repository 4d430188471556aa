package io.quarkiverse.retry.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkiverse.retry.runtime.core.DelayScheduler;
import io.quarkiverse.retry.runtime.core.RandomSource;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.annotations.Recorder;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Resolves every retried method's policy once at startup and fails the start, listing every problem, when the
 * configuration is invalid or a method names a policy that has no configuration.
 */
@Recorder
public class RetryRecorder {

    private final RuntimeValue<RetryConfig> config;

    public RetryRecorder(RuntimeValue<RetryConfig> config) {
        this.config = config;
    }

    public RuntimeValue<RetryRegistry> createRegistry(List<RetryMethodMetadata> methods, ShutdownContext shutdown) {
        RetryConfig retryConfig = config.getValue();
        // budgets read the clock on every call: a coarse one costs a volatile read instead of a nanoTime() call;
        // it is started only if some policy has a budget
        CoarseClock[] coarse = new CoarseClock[1];
        Supplier<LongSupplier> budgetClock = () -> {
            if (coarse[0] == null) {
                coarse[0] = new CoarseClock();
                shutdown.addShutdownTask(coarse[0]::close);
            }
            return coarse[0];
        };
        PolicyResolver resolver = new PolicyResolver(retryConfig, ConfigProvider.getConfig(),
                Thread.currentThread().getContextClassLoader(), RandomSource.threadLocal(), System::nanoTime,
                budgetClock);
        Map<String, ResolvedPolicy> policies = resolver.resolveAll();
        List<String> problems = new ArrayList<>(resolver.problems());

        Set<String> configured = retryConfig.policies().keySet();
        DelayScheduler scheduler = new VertxDelayScheduler();
        Map<String, RetryMethod> byKey = new HashMap<>();
        for (RetryMethodMetadata method : methods) {
            String name = method.getPolicyName();
            ResolvedPolicy policy = policies.get(name);
            if (policy == null) {
                if (!name.isEmpty() && !configured.contains(name)) {
                    problems.add("@WithRetry(\"" + name + "\") on " + method.getDisplayName()
                            + " names the retry policy \"" + name + "\", which has no configuration (no quarkus.retry.\""
                            + name + "\".* property); configured policies: " + new java.util.TreeSet<>(configured));
                }
                // otherwise the policy itself is invalid and already reported
                continue;
            }
            byKey.put(method.getKey(), new RetryMethod(method.getShape(),
                    RetryRegistry.retrier(method.getDisplayName(), policy, scheduler)));
        }
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("Invalid retry configuration (")
                    .append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
            for (String problem : problems) {
                message.append(System.lineSeparator()).append("  - ").append(problem);
            }
            throw new ConfigurationException(message.toString());
        }
        return new RuntimeValue<>(new RetryRegistry(retryConfig.enabled(), Map.copyOf(byKey), Map.copyOf(policies),
                scheduler));
    }

    /** The {@code CircuitBreakers} bean, over the registry's breakers. */
    public RuntimeValue<io.quarkiverse.retry.CircuitBreakers> circuitBreakers(RuntimeValue<RetryRegistry> registry) {
        return new RuntimeValue<>(new CircuitBreakersImpl(registry.getValue().breakers()));
    }
}
