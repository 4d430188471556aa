package io.quarkiverse.retry.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkiverse.retry.FailureClassifier;
import io.quarkiverse.retry.UnknownRetryPolicyException;
import io.quarkiverse.retry.runtime.config.ResolvedPolicy;
import io.quarkiverse.retry.runtime.config.RetryConfig;
import io.quarkiverse.retry.runtime.config.RetryConfigResolver;
import io.quarkiverse.retry.runtime.core.DelayScheduler;
import io.quarkiverse.retry.runtime.core.HttpResponses;
import io.quarkiverse.retry.runtime.core.RandomSource;
import io.quarkiverse.retry.runtime.core.Retrier;
import io.quarkiverse.retry.runtime.core.RetryLog;
import io.quarkiverse.retry.runtime.core.RetryShutdown;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.arc.runtime.BeanContainer;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.annotations.Recorder;

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

    /**
     * Builds the {@link Retrier} of every method the build recorded and hands them to the {@link RetryRegistry}
     * bean.
     *
     * @throws RetryConfigurationException listing every problem of the configuration
     */
    public void initRegistry(BeanContainer container, List<RetryMethodMetadata> methods, ShutdownContext shutdown,
            RuntimeValue<HttpResponses> responses, List<RuntimeValue<RetryEvents>> integrations) {
        RetryConfig retryConfig = config.getValue();
        List<FailureClassifier> classifiers = new ArrayList<>();
        for (InstanceHandle<FailureClassifier> classifier : Arc.container().listAll(FailureClassifier.class)) {
            classifiers.add(classifier.get());
        }
        // the structured logs first, then the integrations of the application's extensions (metrics, ...)
        List<RetryEvents> consumers = new ArrayList<>();
        consumers.add(RetryLog.EVENTS);
        for (RuntimeValue<RetryEvents> integration : integrations) {
            consumers.add(integration.getValue());
        }
        RetryEvents events = RetryEvents.all(consumers);
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
        RetryConfigResolver resolver = new RetryConfigResolver(retryConfig, ConfigProvider.getConfig(),
                Thread.currentThread().getContextClassLoader(), RandomSource.threadLocal(), System::nanoTime,
                budgetClock, events, responses.getValue(), classifiers, RetryRecorder::beanOf);
        Map<String, ResolvedPolicy> policies = resolver.resolveAll();

        Set<String> configured = retryConfig.policies().keySet();
        DelayScheduler scheduler = new VertxDelayScheduler();
        // on shutdown every pending wait ends at once (registered after Vert.x and the worker pool, so run before
        // they close: the build step depends on both)
        RetryShutdown retryShutdown = new RetryShutdown();
        shutdown.addShutdownTask(retryShutdown::stop);
        RetrierFactory factory = new RetrierFactory(scheduler, BlockingOperationControl::isBlockingAllowed,
                System::nanoTime, events, retryShutdown);
        Map<String, RetryMethod> byKey = new HashMap<>();
        for (RetryMethodMetadata method : methods) {
            String name = method.getPolicyName();
            ResolvedPolicy policy = policies.get(name);
            if (policy == null) {
                if (!name.isEmpty() && !configured.contains(name)) {
                    resolver.addProblem(UnknownRetryPolicyException.message(
                            "@WithRetry(\"" + name + "\") on " + method.getDisplayName(), name, configured));
                }
                // otherwise the policy itself is invalid and already reported
                continue;
            }
            Retrier retrier = factory.create(method.getDisplayName(), policy, policy.policy(),
                    RetryMethodMetadata.isIdempotent(method.getHttpMethod()));
            byKey.put(method.getKey(), new RetryMethod(method.getShape(), retryConfig.enabled() ? retrier : null));
        }
        if (!resolver.problems().isEmpty()) {
            throw new RetryConfigurationException(resolver.problems());
        }
        container.beanInstance(RetryRegistry.class).init(retryConfig.enabled(), byKey, policies, methods, factory);
    }

    /** The bean of a {@code retry-on-result} class, when the application has exactly one; otherwise {@code null}. */
    private static Object beanOf(Class<?> type) {
        InjectableInstance<?> instance = Arc.container().select(type);
        return instance.isResolvable() ? instance.get() : null;
    }

    /** For applications without Jakarta REST: no failure carries an HTTP response. */
    public RuntimeValue<HttpResponses> noHttpResponses() {
        return new RuntimeValue<>(HttpResponses.NONE);
    }
}
