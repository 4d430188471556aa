package io.quarkiverse.retry.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.quarkus.arc.Arc;
import io.smallrye.mutiny.Uni;

/**
 * Every benchmark of the results table. Runs inside the booted application ({@link BenchmarkMain}), which gives the
 * {@code @State} access to the CDI beans. Names are {@code <subject>_<scenario>}; {@code _2t} rows run on two
 * threads (JMH reports the average time per call of one thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RetryBenchmarks {

    PlainBean plain;
    NoopBean noop;
    FastRetryBean fast;
    DefaultRetryBean defaultPolicy;
    GuardedRetryBean guarded;
    BudgetRetryBean budgeted;
    BreakerRetryBean breaker;
    FaultToleranceBean ft;

    CheckedSupplier<String> r4jCall;
    Supplier<Uni<? extends String>> plainUni;

    /** The same lambda for the three programmatic rows: {@code PlainBean#call}. */
    Supplier<String> body;
    io.quarkiverse.retry.Retry programmatic;
    Supplier<String> r4jSupplier;
    dev.failsafe.RetryPolicy<Object> failsafePolicy;
    dev.failsafe.FailsafeExecutor<Object> failsafeExecutor;
    /** {@code PlainBean#call} as Failsafe's functional type, made once like the others. */
    dev.failsafe.function.CheckedSupplier<String> failsafeBody;

    @Setup(Level.Trial)
    public void lookUpBeans() {
        plain = Arc.container().instance(PlainBean.class).get();
        noop = Arc.container().instance(NoopBean.class).get();
        fast = Arc.container().instance(FastRetryBean.class).get();
        defaultPolicy = Arc.container().instance(DefaultRetryBean.class).get();
        guarded = Arc.container().instance(GuardedRetryBean.class).get();
        budgeted = Arc.container().instance(BudgetRetryBean.class).get();
        breaker = Arc.container().instance(BreakerRetryBean.class).get();
        ft = Arc.container().instance(FaultToleranceBean.class).get();
        PlainBean p = plain;
        r4jCall = Retry.decorateCheckedSupplier(r4jRetry(), p::call);
        plainUni = p::uni;
        body = p::call;
        // each taken once, as their documentation shows: the handle, the decorated supplier, the policy
        programmatic = Arc.container().instance(io.quarkiverse.retry.Retries.class).get().policy("fast");
        r4jSupplier = Retry.decorateSupplier(r4jRetry(), body);
        failsafePolicy = dev.failsafe.RetryPolicy.builder().withMaxAttempts(3).build(); // no delay: the default
        failsafeExecutor = dev.failsafe.Failsafe.with(failsafePolicy);
        failsafeBody = p::call;
    }

    /** Per-thread peers of the failing rows: each decorates a call with the thread's own {@link Attempts}. */
    @State(Scope.Thread)
    public static class FlakyPeers {
        final Attempts attempts = new Attempts();
        CheckedSupplier<String> r4j;
        Supplier<Uni<? extends String>> uni;

        @Setup(Level.Trial)
        public void decorate() {
            PlainBean p = Arc.container().instance(PlainBean.class).get();
            Attempts a = attempts;
            r4j = Retry.decorateCheckedSupplier(r4jRetry(), () -> p.flaky(a));
            uni = () -> p.flakyUni(a);
        }
    }

    static Retry r4jRetry() {
        return Retry.of("benchmark", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ZERO)
                .retryExceptions(Exception.class).build());
    }

    // ---- baselines -------------------------------------------------------------------------------------------

    @Benchmark
    public String plain_sync() {
        return plain.call();
    }

    @Benchmark
    public String noop_sync() {
        return noop.call();
    }

    @Benchmark
    public String noop_uni() {
        return noop.uni().await().indefinitely();
    }

    @Benchmark
    public String noop_uniLazy() {
        return noop.uniLazy().await().indefinitely();
    }

    @Benchmark
    public String noop_cs() {
        return noop.cs().toCompletableFuture().join();
    }

    /** One clock read: what a budget deposit or a max-duration check pays at least once per call. */
    @Benchmark
    public long ref_nanoTime() {
        return System.nanoTime();
    }

    /** What a hand-written loop pays for 3 attempts (2 exceptions) through the no-op interceptor. */
    @Benchmark
    public String noop_handLoop2Fail(Attempts attempts) {
        for (int attempt = 1;; attempt++) {
            try {
                return noop.flaky(attempts);
            } catch (SimulatedFailure e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    // ---- quarkus-retry: success -----------------------------------------------------------------------------

    @Benchmark
    public String retry_sync() {
        return fast.call();
    }

    @Benchmark
    public String retry_uni() {
        return fast.uni().await().indefinitely();
    }

    @Benchmark
    public String retry_uniLazy() {
        return fast.uniLazy().await().indefinitely();
    }

    @Benchmark
    public String retry_cs() {
        return fast.cs().toCompletableFuture().join();
    }

    @Benchmark
    public String retryDefaultBudget_sync() {
        return defaultPolicy.call();
    }

    @Benchmark
    public String retryGuarded_sync() {
        return guarded.call();
    }

    @Benchmark
    public String retryBreaker_sync() {
        return breaker.call();
    }

    // ---- quarkus-retry: 2 failures then success, zero wait ---------------------------------------------------

    @Benchmark
    public String retry_sync2Fail(Attempts attempts) {
        return fast.flaky(attempts);
    }

    @Benchmark
    public String retry_sync2FailWarnLog(Attempts attempts, WarnLogging warn) {
        return fast.flaky(attempts);
    }

    @Benchmark
    public String retry_uni2Fail(Attempts attempts) {
        return fast.flakyUni(attempts).await().indefinitely();
    }

    @Benchmark
    public String retry_cs2Fail(Attempts attempts) {
        return fast.flakyCs(attempts).toCompletableFuture().join();
    }

    @Benchmark
    public String retryGuarded_sync2Fail(Attempts attempts) {
        return guarded.flaky(attempts);
    }

    @Benchmark
    public String retryBudget_sync2Fail(Attempts attempts) {
        return budgeted.flaky(attempts);
    }

    @Benchmark
    public String retryBreaker_sync2Fail(Attempts attempts) {
        return breaker.flaky(attempts);
    }

    // ---- peers ----------------------------------------------------------------------------------------------

    @Benchmark
    public String smallryeFt_sync() {
        return ft.call();
    }

    @Benchmark
    public String smallryeFt_sync2Fail(Attempts attempts) {
        return ft.flaky(attempts);
    }

    @Benchmark
    public String smallryeFt_uni() {
        return ft.uni().await().indefinitely();
    }

    @Benchmark
    public String smallryeFt_uni2Fail(Attempts attempts) {
        return ft.flakyUni(attempts).await().indefinitely();
    }

    // ---------------------------------------------------------------- programmatic API, success on the same lambda

    /** {@code Retries.policy("fast")} taken once, {@code call(operation, lambda)} per call. */
    @Benchmark
    public String programmatic_sync() {
        return programmatic.call("PlainBean#call", body);
    }

    /** Resilience4j: {@code Retry.decorateSupplier(retry, lambda)} taken once, {@code get()} per call. */
    @Benchmark
    public String resilience4j_decorateSupplier() {
        return r4jSupplier.get();
    }

    /** Failsafe as its documentation writes it: {@code Failsafe.with(retryPolicy).get(lambda)} per call. */
    @Benchmark
    public String failsafe_withGet() {
        return dev.failsafe.Failsafe.with(failsafePolicy).get(failsafeBody);
    }

    /** Failsafe with its executor taken once: {@code executor.get(lambda)} per call. */
    @Benchmark
    public String failsafe_executorGet() {
        return failsafeExecutor.get(failsafeBody);
    }

    @Benchmark
    public String resilience4j_sync() throws Throwable {
        return r4jCall.get();
    }

    @Benchmark
    public String resilience4j_sync2Fail(FlakyPeers peers) throws Throwable {
        return peers.r4j.get();
    }

    @Benchmark
    public String mutiny_uni() {
        return Uni.createFrom().<String> deferred(plainUni).onFailure().retry().atMost(2).await().indefinitely();
    }

    @Benchmark
    public String mutiny_uni2Fail(FlakyPeers peers) {
        return Uni.createFrom().<String> deferred(peers.uni).onFailure().retry().atMost(2).await().indefinitely();
    }

    // ---- two threads ----------------------------------------------------------------------------------------

    @Benchmark
    @Threads(2)
    public String noop_sync_2t() {
        return noop.call();
    }

    @Benchmark
    @Threads(2)
    public String retry_sync_2t() {
        return fast.call();
    }

    @Benchmark
    @Threads(2)
    public String retryDefaultBudget_sync_2t() {
        return defaultPolicy.call();
    }

    @Benchmark
    @Threads(2)
    public String retryGuarded_sync_2t() {
        return guarded.call();
    }

    @Benchmark
    @Threads(2)
    public String retry_sync2Fail_2t(Attempts attempts) {
        return fast.flaky(attempts);
    }

    @Benchmark
    @Threads(2)
    public String retryGuarded_sync2Fail_2t(Attempts attempts) {
        return guarded.flaky(attempts);
    }

    @Benchmark
    @Threads(2)
    public String retryBudget_sync2Fail_2t(Attempts attempts) {
        return budgeted.flaky(attempts);
    }

    @Benchmark
    @Threads(2)
    public String retryBreaker_sync2Fail_2t(Attempts attempts) {
        return breaker.flaky(attempts);
    }
}
