package io.quarkiverse.retry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/** Status sets, {@code Retry-After} values and transport failures, on their own. */
class HttpSupportTest {

    @Test
    void statusSetsTakeCodesClassesAndRanges() {
        StatusSet set = StatusSet.parse(List.of("408", " 5xx", "420-422"));
        assertThat(set.contains(408)).isTrue();
        assertThat(set.contains(500)).isTrue();
        assertThat(set.contains(599)).isTrue();
        assertThat(set.contains(420)).isTrue();
        assertThat(set.contains(422)).isTrue();
        assertThat(set.contains(423)).isFalse();
        assertThat(set.contains(404)).isFalse();
        assertThat(set.contains(-1)).isFalse();
        assertThat(StatusSet.parse(List.of("4XX")).contains(404)).isTrue();
        assertThat(StatusSet.EMPTY.isEmpty()).isTrue();
        for (String bad : List.of("6xx", "99", "600", "abc", "504-500", "5x", "")) {
            assertThatThrownBy(() -> StatusSet.parse(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theDefaultStatusesAreTheTransientOnes() {
        StatusSet defaults = HttpRules.DEFAULTS.retryOnStatus();
        for (int status : new int[] { 408, 425, 429, 500, 502, 503, 504 }) {
            assertThat(defaults.contains(status)).as("%s", status).isTrue();
        }
        for (int status : new int[] { 200, 301, 400, 401, 403, 404, 409, 422, 501, 505 }) {
            assertThat(defaults.contains(status)).as("%s", status).isFalse();
        }
    }

    @Test
    void retryAfterReadsDelaySecondsAndHttpDates() {
        long now = ZonedDateTime.of(2026, 12, 1, 12, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
        assertThat(RetryAfter.parseNanos("2", now)).isEqualTo(2_000_000_000L);
        assertThat(RetryAfter.parseNanos(" 0 ", now)).isZero();
        assertThat(RetryAfter.parseNanos("Tue, 01 Dec 2026 12:00:30 GMT", now)).isEqualTo(30_000_000_000L);
        assertThat(RetryAfter.parseNanos("Tuesday, 01-Dec-26 12:00:30 GMT", now)).as("RFC 850")
                .isEqualTo(30_000_000_000L);
        assertThat(RetryAfter.parseNanos("Tue Dec  1 12:00:30 2026", now)).as("asctime").isEqualTo(30_000_000_000L);
        assertThat(RetryAfter.parseNanos("Tue, 01 Dec 2026 11:00:00 GMT", now)).as("a date in the past").isZero();
        String formatted = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.of(2026, 12, 1, 12, 1, 0, 0,
                ZoneOffset.UTC));
        assertThat(RetryAfter.parseNanos(formatted, now)).isEqualTo(60_000_000_000L);
        for (String bad : new String[] { null, "", "-1", "1.5", "soon", "Tue, 32 Dec 2026 12:00:00 GMT" }) {
            assertThat(RetryAfter.parseNanos(bad, now)).as(bad).isEqualTo(RetryAfter.INVALID);
        }
        assertThat(RetryAfter.parseNanos("99999999999999999999", now)).as("no overflow").isPositive();
    }

    /** Netty's refused connection, as a REST client Uni method reports it: not a ProcessingException. */
    static final class AnnotatedConnectException extends ConnectException {
        AnnotatedConnectException(String message) {
            super(message);
        }
    }

    @Test
    void transportFailuresAreRecognisedThroughTheCauseChain() {
        assertThat(TransportFailure.of(new AnnotatedConnectException("Connection refused")))
                .isEqualTo(TransportFailure.CONNECT);
        assertThat(TransportFailure.of(new RuntimeException("wrapped", new ConnectException())))
                .isEqualTo(TransportFailure.CONNECT);
        assertThat(TransportFailure.of(new UnknownHostException())).isEqualTo(TransportFailure.CONNECT);
        assertThat(TransportFailure.of(new SocketTimeoutException("Read timed out"))).isEqualTo(TransportFailure.TIMEOUT);
        assertThat(TransportFailure.of(new TimeoutException())).isEqualTo(TransportFailure.TIMEOUT);
        assertThat(TransportFailure.of(new SocketException("Connection reset"))).isEqualTo(TransportFailure.CLOSED);
        assertThat(TransportFailure.of(new ClosedChannelException())).isEqualTo(TransportFailure.CLOSED);
        assertThat(TransportFailure.of(new EOFException())).isEqualTo(TransportFailure.CLOSED);
        assertThat(TransportFailure.of(new IOException("disk full"))).isEqualTo(TransportFailure.NONE);
        assertThat(TransportFailure.of(new IllegalStateException())).isEqualTo(TransportFailure.NONE);
    }

    @Test
    void aCyclicCauseChainEndsTheWalk() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(TransportFailure.of(a)).isEqualTo(TransportFailure.NONE);
        assertThat(Causes.<String> first(a, t -> t == b ? "found" : null)).isEqualTo("found");
    }
}
