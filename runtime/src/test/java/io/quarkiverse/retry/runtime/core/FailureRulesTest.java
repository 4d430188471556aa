package io.quarkiverse.retry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkiverse.retry.CircuitBreakerOpenException;
import io.quarkiverse.retry.FailureClassifier;
import io.quarkiverse.retry.RetryAdvice;
import io.quarkiverse.retry.RetryAdvised;

/**
 * {@link FailureRules}: the order of the rules (class rules, the failure's advice, classifier beans, idempotency,
 * HTTP statuses), with a fake HTTP exception type standing for Jakarta REST's {@code WebApplicationException}.
 */
class FailureRulesTest {

    /** A failure carrying an HTTP response, as a {@code WebApplicationException} does. */
    static class HttpFailure extends RuntimeException {
        final int status;
        final Map<String, String> headers;

        HttpFailure(int status, Map<String, String> headers) {
            super("HTTP " + status);
            this.status = status;
            this.headers = headers;
        }
    }

    static final class NotFound extends HttpFailure {
        NotFound() {
            super(404, Map.of());
        }
    }

    static final HttpResponses RESPONSES = new HttpResponses() {
        @Override
        public int status(Throwable failure) {
            HttpFailure http = Causes.first(failure, t -> t instanceof HttpFailure h ? h : null);
            return http == null ? -1 : http.status;
        }

        @Override
        public String header(Throwable failure, String name) {
            HttpFailure http = Causes.first(failure, t -> t instanceof HttpFailure h ? h : null);
            return http == null ? null : http.headers.get(name);
        }
    };

    static final class Advised extends RuntimeException implements RetryAdvised {
        final RetryAdvice advice;

        Advised(RetryAdvice advice) {
            this.advice = advice;
        }

        @Override
        public RetryAdvice retryAdvice() {
            return advice;
        }
    }

    private static FailureRules rules(List<Class<? extends Throwable>> retryOn, List<Class<? extends Throwable>> abortOn,
            HttpRules http, FailureClassifier... classifiers) {
        return new FailureRules(new FailureTypes(retryOn, abortOn), http, List.of(classifiers), () -> 0L);
    }

    private static HttpRules http(String retryOn, String abortOn, boolean honorRetryAfter, boolean retryNonIdempotent,
            FailureTypes httpRetryOn) {
        return new HttpRules(StatusSet.parse(List.of(retryOn.split(","))),
                abortOn.isEmpty() ? StatusSet.EMPTY : StatusSet.parse(List.of(abortOn.split(","))), honorRetryAfter,
                retryNonIdempotent, httpRetryOn, RESPONSES);
    }

    private static final HttpRules DEFAULT_HTTP = http("408,425,429,500,502,503,504", "", true, false, null);

    private static FailureRules defaults() {
        return rules(List.of(Exception.class), List.of(), DEFAULT_HTTP);
    }

    @Test
    void statusesAreRetriedByTheDefaultTable() {
        FailureRules rules = defaults();
        assertThat(rules.classify(new HttpFailure(503, Map.of()), true).retry()).isTrue();
        assertThat(rules.classify(new HttpFailure(429, Map.of()), true).retry()).isTrue();
        assertThat(rules.classify(new HttpFailure(400, Map.of()), true))
                .isEqualTo(new Verdict(false, -1, "HTTP 400 is not in retry-on-status (408,425,429,500,502,503,504)"));
        assertThat(rules.classify(new HttpFailure(501, Map.of()), true).retry()).isFalse();
        assertThat(rules.classify(new RuntimeException("wrapped", new HttpFailure(502, Map.of())), true).retry())
                .as("found in the cause chain").isTrue();
        assertThat(rules.classify(new IOException("no response"), true)).isSameAs(Verdict.RETRY);
    }

    @Test
    void abortOnStatusWinsOverRetryOnStatus() {
        FailureRules rules = rules(List.of(Exception.class), List.of(), http("5xx", "501,503", true, false, null));
        assertThat(rules.classify(new HttpFailure(500, Map.of()), true).retry()).isTrue();
        assertThat(rules.classify(new HttpFailure(503, Map.of()), true).reason()).contains("abort-on-status");
    }

    @Test
    void classRulesWinOverStatusRules() {
        // abort-on by class
        FailureRules aborting = rules(List.of(Exception.class), List.of(HttpFailure.class), DEFAULT_HTTP);
        assertThat(aborting.classify(new HttpFailure(503, Map.of()), true).retry()).isFalse();
        // an HTTP exception type named in retry-on retries what it matches, whatever the status
        FailureRules explicit = rules(List.of(NotFound.class, Exception.class), List.of(),
                http("408,425,429,500,502,503,504", "404", true, false,
                        new FailureTypes(List.of(NotFound.class), List.of())));
        assertThat(explicit.classify(new NotFound(), true).retry()).isTrue();
        assertThat(explicit.classify(new HttpFailure(400, Map.of()), true).retry()).isFalse();
        // retry-on that does not include HTTP failures ("network errors only")
        FailureRules network = rules(List.of(IOException.class), List.of(), DEFAULT_HTTP);
        assertThat(network.classify(new HttpFailure(503, Map.of()), true).retry()).isFalse();
        assertThat(network.classify(new CircuitBreakerOpenException("p", "open"), true).retry()).isFalse();
    }

    @Test
    void retryAfterOnA429Or503AsksForThatWait() {
        FailureRules rules = defaults();
        assertThat(rules.classify(new HttpFailure(503, Map.of("Retry-After", "2")), true))
                .isEqualTo(new Verdict(true, 2_000_000_000L, "Retry-After: 2 on HTTP 503"));
        assertThat(rules.classify(new HttpFailure(429, Map.of("Retry-After", "0")), true).delayNanos()).isZero();
        assertThat(rules.classify(new HttpFailure(500, Map.of("Retry-After", "2")), true).delayNanos())
                .as("only 429 and 503").isEqualTo(-1);
        assertThat(rules.classify(new HttpFailure(503, Map.of("Retry-After", "soon")), true))
                .as("an invalid value is ignored").isSameAs(Verdict.RETRY);
        FailureRules ignoring = rules(List.of(Exception.class), List.of(),
                http("408,425,429,500,502,503,504", "", false, false, null));
        assertThat(ignoring.classify(new HttpFailure(503, Map.of("Retry-After", "2")), true)).isSameAs(Verdict.RETRY);
    }

    @Test
    void requestsThatAreNotIdempotentAreRetriedOnlyWhenNothingReachedTheServer() {
        FailureRules rules = defaults();
        assertThat(rules.classify(new HttpFailure(503, Map.of()), false).retry()).isFalse();
        assertThat(rules.classify(new SocketTimeoutException("Read timed out"), false).retry()).isFalse();
        assertThat(rules.classify(new RuntimeException(new ConnectException("refused")), false).retry()).isTrue();
        assertThat(rules.classify(new IllegalStateException("not HTTP at all"), false).retry()).isTrue();
        FailureRules allowed = rules(List.of(Exception.class), List.of(),
                http("408,425,429,500,502,503,504", "", true, true, null));
        assertThat(allowed.classify(new HttpFailure(503, Map.of()), false).retry()).isTrue();
        assertThat(allowed.classify(new SocketTimeoutException(), false).retry()).isTrue();
    }

    @Test
    void theFailuresOwnAdviceComesFirstThenClassifiers() {
        FailureClassifier never = failure -> RetryAdvice.doNotRetry("classifier says no");
        FailureRules rules = rules(List.of(Exception.class), List.of(), DEFAULT_HTTP, never);
        assertThat(rules.classify(new Advised(RetryAdvice.retryAfter(Duration.ofMillis(5), "own hint")), true))
                .isEqualTo(new Verdict(true, 5_000_000L, "own hint"));
        assertThat(rules.classify(new IOException(new Advised(RetryAdvice.retry())), true))
                .as("in the cause chain").isSameAs(Verdict.RETRY);
        assertThat(rules.classify(new Advised(RetryAdvice.NONE), true)).as("no opinion: the classifier decides")
                .isEqualTo(new Verdict(false, -1, "classifier says no"));
        assertThat(rules.classify(new HttpFailure(503, Map.of()), true).retry()).as("the classifier wins over HTTP")
                .isFalse();
        // advice never overrides the class rules
        FailureRules aborting = rules(List.of(Exception.class), List.of(Advised.class), DEFAULT_HTTP);
        assertThat(aborting.classify(new Advised(RetryAdvice.retry()), true).retry()).isFalse();
    }

    @Test
    void classifiersWithoutAnOpinionOrThatThrowAreSkippedInOrder() {
        FailureClassifier none = failure -> RetryAdvice.NONE;
        FailureClassifier throwing = failure -> {
            throw new IllegalStateException("broken classifier");
        };
        FailureClassifier yes = failure -> RetryAdvice.retryAfter(Duration.ofSeconds(1), "yes");
        FailureClassifier no = failure -> RetryAdvice.doNotRetry("too late");
        FailureRules rules = rules(List.of(Exception.class), List.of(), DEFAULT_HTTP, none, throwing, yes, no);
        assertThat(rules.classify(new HttpFailure(400, Map.of()), true))
                .isEqualTo(new Verdict(true, 1_000_000_000L, "yes"));
    }

    @Test
    void processingExceptionInRetryOnAlsoMatchesBareTransportFailures() throws Exception {
        Class<? extends Throwable> processing = Class.forName("jakarta.ws.rs.ProcessingException")
                .asSubclass(Throwable.class);
        FailureTypes networkOnly = new FailureTypes(List.of(processing), List.of());
        assertThat(networkOnly.matches(new HttpSupportTest.AnnotatedConnectException("refused"))).isTrue();
        assertThat(networkOnly.matches(new RuntimeException(new SocketTimeoutException()))).isTrue();
        assertThat(networkOnly.matches(new IOException("disk"))).isFalse();
        FailureTypes exceptNetwork = new FailureTypes(List.of(Exception.class), List.of(processing));
        assertThat(exceptNetwork.matches(new ConnectException())).isFalse();
        assertThat(exceptNetwork.matches(new IOException("disk"))).isTrue();
    }
}
