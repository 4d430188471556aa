package io.quarkiverse.retry.runtime.core;

import java.util.BitSet;
import java.util.List;

/**
 * A set of HTTP status codes, written as codes ({@code 503}), classes ({@code 5xx}) or ranges ({@code 500-504}).
 * Immutable.
 */
public final class StatusSet {

    public static final StatusSet EMPTY = new StatusSet(new BitSet(), "");

    private final BitSet codes;
    private final String text;

    private StatusSet(BitSet codes, String text) {
        this.codes = codes;
        this.text = text;
    }

    /**
     * @param entries {@code 503}, {@code 5xx} or {@code 500-504}, each between 100 and 599
     * @throws IllegalArgumentException naming the entry that is not one of these
     */
    public static StatusSet parse(List<String> entries) {
        BitSet codes = new BitSet(600);
        for (String raw : entries) {
            String entry = raw.trim().toLowerCase();
            if (entry.matches("[1-5]xx")) {
                int from = (entry.charAt(0) - '0') * 100;
                codes.set(from, from + 100);
            } else if (entry.matches("\\d{3}-\\d{3}")) {
                int from = Integer.parseInt(entry.substring(0, 3));
                int to = Integer.parseInt(entry.substring(4));
                if (!valid(from) || !valid(to) || to < from) {
                    throw new IllegalArgumentException(raw.trim());
                }
                codes.set(from, to + 1);
            } else if (entry.matches("\\d{3}") && valid(Integer.parseInt(entry))) {
                codes.set(Integer.parseInt(entry));
            } else {
                throw new IllegalArgumentException(raw.trim());
            }
        }
        return new StatusSet(codes, String.join(",", entries));
    }

    private static boolean valid(int code) {
        return code >= 100 && code <= 599;
    }

    public boolean contains(int status) {
        return status >= 0 && codes.get(status);
    }

    public boolean isEmpty() {
        return codes.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }
}
