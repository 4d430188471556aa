package io.quarkiverse.retry.runtime.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkiverse.retry.FailureClassifier;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.core.HttpResponses;
import io.quarkiverse.retry.runtime.core.RandomSource;
import io.quarkiverse.retry.runtime.core.RetryLog;
import io.quarkiverse.retry.runtime.core.RetryPolicy;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;

/**
 * Turns the configuration into validated policies, once, at startup: the retry keys ({@link PolicyResolver}), the
 * budget ({@link BudgetResolver}) and the circuit breaker ({@link BreakerResolver}) of the default policy and of every
 * named policy. A named policy takes every key it leaves unset from the default policy ({@link PolicyKeys}). Every
 * problem is collected, with the full property key and the value as written, so that one failed start reports all of
 * them. A key under {@code quarkus.retry.} that is no quarkus-retry key is logged (WARN, with the nearest valid key),
 * never a problem.
 */
public final class RetryConfigResolver {

    private static final Logger LOG = Logger.getLogger(RetryLog.CATEGORY);

    /** The characters of an HTTP header name (an RFC 9110 token) besides letters and digits. */
    private static final String TOKEN_CHARACTERS = "!#$%&'*+-.^_`|~";

    private final RetryConfig config;
    private final ConfigProblems problems;
    private final PolicyResolver policies;
    private final BudgetResolver budgets;
    private final BreakerResolver breakers;
    private final List<String> warnings = new ArrayList<>();
    private boolean keysChecked;

    /**
     * @param raw the configuration the mapping was read from (for keys and values as written)
     * @param classLoader loads the exception classes named in the configuration
     * @param clock precise monotonic nanoseconds, for breakers
     * @param budgetClock creates the (coarse) clock of budgets, on the first budget only
     * @param events the event consumers, for the breakers' listeners
     * @param responses reads the HTTP response of a failure ({@link HttpResponses#NONE} without an HTTP API)
     * @param classifiers the application's {@link FailureClassifier} beans, highest priority first
     */
    public RetryConfigResolver(RetryConfig config, Config raw, ClassLoader classLoader, RandomSource random,
            LongSupplier clock, Supplier<LongSupplier> budgetClock, RetryEvents events, HttpResponses responses,
            List<FailureClassifier> classifiers) {
        this(config, raw, classLoader, random, clock, budgetClock, events, responses, classifiers, type -> null);
    }

    /**
     * @param beans the application's bean of a class, {@code null} when it has none (for {@code retry-on-result}
     *        classes, which are otherwise made with their no-argument constructor)
     */
    public RetryConfigResolver(RetryConfig config, Config raw, ClassLoader classLoader, RandomSource random,
            LongSupplier clock, Supplier<LongSupplier> budgetClock, RetryEvents events, HttpResponses responses,
            List<FailureClassifier> classifiers, Function<Class<?>, Object> beans) {
        this.config = config;
        this.problems = new ConfigProblems(raw);
        ExceptionClasses classes = new ExceptionClasses(problems, classLoader);
        PropagationConfig propagation = config.propagation();
        String spentHeader = propagation.enabled() && propagation.honorResponses() ? propagation.headerName() : null;
        this.policies = new PolicyResolver(problems, classes, random, responses, classifiers, classLoader,
                new ResultPredicates(problems, classLoader, beans::apply), spentHeader);
        this.budgets = new BudgetResolver(problems,
                PolicyKeys.of(problems, config, "").group("budget.", RetryPolicyConfig::budget), budgetClock);
        this.breakers = new BreakerResolver(problems, classes, clock, events);
    }

    /** Every problem found so far, each naming the property key and its value. */
    public List<String> problems() {
        return problems.all();
    }

    /** The warnings about unknown keys, each naming the key and, when there is one, the nearest valid key. */
    public List<String> warnings() {
        return warnings;
    }

    /** Reports a further problem with the configuration (for example a method naming an unknown policy). */
    public void addProblem(String problem) {
        problems.add(problem);
    }

    /** The default policy under key {@code ""}, then every named policy. Invalid ones are left out. */
    public Map<String, ResolvedPolicy> resolveAll() {
        checkKeys();
        Map<String, ResolvedPolicy> resolved = new LinkedHashMap<>();
        ResolvedPolicy defaults = resolve("");
        if (defaults != null) {
            resolved.put("", defaults);
        }
        for (String name : config.policies().keySet()) {
            ResolvedPolicy policy = resolve(name);
            if (policy != null) {
                resolved.put(name, policy);
            }
        }
        return resolved;
    }

    /**
     * The keys themselves: an unknown one is logged with the nearest valid key (the start goes on: Quarkus ignores
     * it), a boolean one must be a boolean (SmallRye Config reads any other word, a typo of {@code true} included, as
     * {@code false}), and the propagation header must be a header name.
     */
    private void checkKeys() {
        if (keysChecked) {
            return;
        }
        keysChecked = true;
        for (String name : problems.propertyNames()) {
            ConfigKeys.Kind kind = ConfigKeys.kind(name);
            if (kind == null) {
                warnAbout(name);
            } else if (kind == ConfigKeys.Kind.BOOLEAN) {
                String value = problems.value(name);
                if (value != null && !value.isBlank() && !ConfigKeys.isBoolean(value)) {
                    problems.add(name + "=" + problems.raw(name, value) + ": must be true or false");
                }
            }
        }
        String header = config.propagation().headerName();
        if (!isToken(header)) {
            String key = ConfigProblems.PREFIX + "propagation.header-name";
            problems.add(key + "=" + problems.raw(key, header) + ": is not an HTTP header name (letters, digits and "
                    + TOKEN_CHARACTERS + " only)");
        }
    }

    private void warnAbout(String name) {
        try {
            String warning = ConfigKeys.warning(name);
            if (warning != null) {
                warnings.add(warning);
                LOG.warn(warning);
            }
        } catch (RuntimeException e) {
            // a warning must never fail the start
            LOG.debugf(e, "Could not check configuration key %s", name);
        }
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && TOKEN_CHARACTERS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private ResolvedPolicy resolve(String name) {
        int before = problems.count();
        PolicyKeys<RetryPolicyConfig> keys = PolicyKeys.of(problems, config, name);
        RetryPolicy policy = policies.resolve(keys);
        RetryBudget budget = budgets.resolve(keys.group("budget.", RetryPolicyConfig::budget));
        BreakerResolver.Breaker breaker = breakers.resolve(keys);
        if (problems.count() > before || policy == null) {
            return null;
        }
        Map<String, EffectiveValue> effective = Collections.unmodifiableMap(keys.effective());
        return breaker == null ? new ResolvedPolicy(policy, budget, null, null, false, true, effective)
                : new ResolvedPolicy(policy, budget, breaker.breaker(), breaker.failures(), breaker.failHealth(),
                        breaker.failOnResult(), effective);
    }
}
