package io.quarkiverse.retry.runtime.tracing;

import java.util.function.Supplier;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.api.semconv.http.HttpClientRequestResendCount;
import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.core.FailedResult;
import io.quarkiverse.retry.runtime.core.event.CircuitBreakerListener;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkiverse.retry.runtime.core.event.RetryListener;
import io.quarkiverse.retry.runtime.core.event.RetryTarget;
import io.quarkiverse.retry.runtime.metrics.RetryMetricsTags;

/**
 * OpenTelemetry tracing of the retries, a consumer of the engine's events that keeps state per call: the trace
 * context of the caller (captured when the call starts), made current around every attempt with an HTTP resend
 * counter, so that the REST client spans of attempts 1..n share one trace and one parent and attempts 2..n carry
 * {@code http.request.resend_count}. Span events go on that span, only when it is recording and only when something
 * happens: {@code retry} at every scheduled retry, {@code retry.give_up} when a call ends with a retryable failure,
 * {@code retry.circuit_breaker.state_change}. It never sets a status on a span it does not own. Only loaded when the
 * application has {@code quarkus-opentelemetry}.
 */
public final class RetryTracing implements RetryEvents {

    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("retry.attempt");
    static final AttributeKey<Long> MAX_ATTEMPTS = AttributeKey.longKey("retry.max_attempts");
    static final AttributeKey<Double> DELAY = AttributeKey.doubleKey("retry.delay");
    static final AttributeKey<String> POLICY = AttributeKey.stringKey("retry.policy");
    static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("code.function.name");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("retry.outcome");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("retry.attempts");
    static final AttributeKey<String> BREAKER_STATE = AttributeKey.stringKey("retry.circuit_breaker.state");

    private final Supplier<Tracer> tracer;
    private final boolean callSpans;

    /** With the application's {@link Tracer} bean, looked up when the first call span is started. */
    static RetryTracing withContainerTracer(boolean callSpans) {
        return new RetryTracing(() -> io.quarkus.arc.Arc.container().instance(Tracer.class).get(), callSpans);
    }

    /**
     * @param tracer the tracer of the application, looked up when the first call span starts
     * @param callSpans {@code quarkus.retry.tracing.span}: one INTERNAL span per call, the attempts as children
     */
    public RetryTracing(Supplier<Tracer> tracer, boolean callSpans) {
        this.tracer = tracer;
        this.callSpans = callSpans;
    }

    @Override
    public RetryListener forMethod(RetryTarget target) {
        return new MethodTracing(target);
    }

    @Override
    public CircuitBreakerListener forCircuitBreaker(CircuitBreaker breaker) {
        String policy = RetryMetricsTags.policy(breaker.policy());
        return new CircuitBreakerListener() {
            @Override
            public void stateChanged(CircuitBreakerState from, CircuitBreakerState to, boolean byOperator) {
                Span span = Span.current();
                if (span.isRecording()) {
                    span.addEvent("retry.circuit_breaker.state_change",
                            Attributes.of(POLICY, policy, BREAKER_STATE, RetryMetricsTags.state(to)));
                }
            }
        };
    }

    /** The state of one call: the context its attempts run in, and its own span when there is one. */
    record Call(Context context, Span span) {
    }

    final class MethodTracing implements RetryListener {
        private final String method;
        private final String policy;
        private final long maxAttempts;
        private final String spanName;
        private volatile Tracer resolved;

        MethodTracing(RetryTarget target) {
            this.method = target.method();
            this.policy = RetryMetricsTags.policy(target.policy().name());
            this.maxAttempts = target.policy().maxAttempts();
            this.spanName = "retry " + policy;
        }

        @Override
        public boolean observesCalls() {
            return true;
        }

        @Override
        public Object callStarting() {
            Context parent = Context.current();
            Span span = null;
            if (callSpans) {
                Tracer t = resolved;
                if (t == null) {
                    t = resolved = tracer.get();
                }
                span = t.spanBuilder(spanName).setParent(parent).setSpanKind(SpanKind.INTERNAL)
                        .setAttribute(POLICY, policy).setAttribute(FUNCTION, method).startSpan();
                parent = parent.with(span);
            }
            return new Call(HttpClientRequestResendCount.initialize(parent), span);
        }

        @Override
        public Object attemptStarting(Object call, int attempt) {
            return call == null ? null : ((Call) call).context().makeCurrent();
        }

        @Override
        public void attemptEnded(Object call, Object scope) {
            if (scope != null) {
                ((Scope) scope).close();
            }
        }

        @Override
        public void retryScheduled(Object call, int attempt, long delayNanos, Throwable failure) {
            Span span = span(call);
            if (span.isRecording()) {
                span.addEvent("retry", Attributes.builder().put(ATTEMPT, attempt).put(MAX_ATTEMPTS, maxAttempts)
                        .put(DELAY, delayNanos / 1e9).put(POLICY, policy).put(FUNCTION, method)
                        .put(ERROR_TYPE, FailedResult.errorType(failure)).build());
            }
        }

        @Override
        public void callFinished(Object call, RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
            Span span = span(call);
            if (span.isRecording() && failure != null && givesUp(outcome, attempts)) {
                span.addEvent("retry.give_up", Attributes.builder().put(OUTCOME, outcome.tag())
                        .put(ATTEMPTS, attempts).put(POLICY, policy).put(FUNCTION, method)
                        .put(ERROR_TYPE, FailedResult.errorType(failure)).build());
            }
            Span own = call == null ? null : ((Call) call).span();
            if (own != null) {
                own.setAttribute(ATTEMPTS, attempts).setAttribute(OUTCOME, outcome.tag());
                if (outcome != RetryOutcome.SUCCESS) {
                    own.setStatus(StatusCode.ERROR, outcome.tag());
                }
                own.end();
            }
        }

        private Span span(Object call) {
            return call == null ? Span.current() : Span.fromContext(((Call) call).context());
        }
    }

    /** A call that ended with a failure its policy retries: retries ran out, or something stopped them. */
    private static boolean givesUp(RetryOutcome outcome, int attempts) {
        return switch (outcome) {
            case EXHAUSTED, MAX_DURATION, BUDGET_DENIED, INTERRUPTED -> true;
            case CIRCUIT_OPEN -> attempts > 0;
            default -> false;
        };
    }
}
