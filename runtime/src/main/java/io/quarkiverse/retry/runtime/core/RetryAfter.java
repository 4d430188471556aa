package io.quarkiverse.retry.runtime.core;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The value of an HTTP {@code Retry-After} header (RFC 9110, section 10.2.3) as a wait: either delay-seconds
 * ({@code 120}) or an HTTP-date ({@code Wed, 21 Oct 2026 07:28:00 GMT}, and the two obsolete date formats).
 */
public final class RetryAfter {

    /** Returned for a value that is neither a number of seconds nor an HTTP-date. */
    public static final long INVALID = -1;

    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US), // RFC 850
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC));

    private RetryAfter() {
    }

    /**
     * @param value the header's value
     * @param nowMillis the current time, epoch milliseconds (for an HTTP-date)
     * @return the wait in nanoseconds ({@code 0} for a date in the past), or {@link #INVALID}
     */
    public static long parseNanos(String value, long nowMillis) {
        if (value == null) {
            return INVALID;
        }
        String v = value.trim();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            if (v.length() > 12) {
                return Long.MAX_VALUE / 4; // "forever"
            }
            return Long.parseLong(v) * 1_000_000_000L;
        }
        for (DateTimeFormatter format : DATES) {
            try {
                long at = ZonedDateTime.parse(v, format).toInstant().toEpochMilli();
                return Math.max(0, at - nowMillis) * 1_000_000L;
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return INVALID;
    }
}
