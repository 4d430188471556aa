package io.quarkiverse.retry.runtime.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every key of quarkus-retry, for the startup check of the keys themselves: a key under {@code quarkus.retry.} that
 * is none of them is logged with the nearest valid key ({@link #warning(String)}), and a boolean key must be spelled
 * as a boolean ({@link #kind(String)}).
 * <p>
 * The keys are written out rather than read from the mapping interfaces by reflection, so that a native image needs
 * nothing registered; {@code ConfigKeysTest} derives them from {@link RetryConfig}, {@link RetryPolicyConfig},
 * {@link BudgetConfig}, {@link CircuitBreakerConfig}, {@link PropagationConfig} and {@link RetryBuildTimeConfig} and
 * fails when the two drift apart.
 */
final class ConfigKeys {

    /** What a key holds, as far as the check of the keys is concerned. */
    enum Kind {
        BOOLEAN,
        /** A list, which may also be written one element a key: {@code retry-on[0]}. */
        LIST,
        VALUE
    }

    /** The keys of one policy, after {@code quarkus.retry.} (default policy) or {@code quarkus.retry."name".}. */
    static final Map<String, Kind> POLICY = keys(
            "max-attempts", Kind.VALUE,
            "base-delay", Kind.VALUE,
            "max-delay", Kind.VALUE,
            "multiplier", Kind.VALUE,
            "jitter", Kind.VALUE,
            "jitter-factor", Kind.VALUE,
            "max-duration", Kind.VALUE,
            "retry-on", Kind.LIST,
            "abort-on", Kind.LIST,
            "retry-on-status", Kind.LIST,
            "abort-on-status", Kind.LIST,
            "honor-retry-after", Kind.BOOLEAN,
            "retry-non-idempotent", Kind.BOOLEAN,
            "retry-on-result", Kind.VALUE,
            "budget.enabled", Kind.BOOLEAN,
            "budget.shared", Kind.BOOLEAN,
            "budget.ratio", Kind.VALUE,
            "budget.min-retries-per-second", Kind.VALUE,
            "budget.window", Kind.VALUE,
            "budget.burst-factor", Kind.VALUE,
            "circuit-breaker.enabled", Kind.BOOLEAN,
            "circuit-breaker.request-volume-threshold", Kind.VALUE,
            "circuit-breaker.failure-ratio", Kind.VALUE,
            "circuit-breaker.delay", Kind.VALUE,
            "circuit-breaker.success-threshold", Kind.VALUE,
            "circuit-breaker.fail-on", Kind.LIST,
            "circuit-breaker.skip-on", Kind.LIST,
            "circuit-breaker.fail-on-result", Kind.BOOLEAN,
            "circuit-breaker.fail-health", Kind.BOOLEAN);

    /** The keys of no policy, after {@code quarkus.retry.}: run time ({@link RetryConfig}) and build time. */
    static final Map<String, Kind> GLOBAL = keys(
            "enabled", Kind.BOOLEAN,
            "propagation.enabled", Kind.BOOLEAN,
            "propagation.header-name", Kind.VALUE,
            "propagation.mark-responses", Kind.BOOLEAN,
            "propagation.honor-responses", Kind.BOOLEAN,
            "metrics.enabled", Kind.BOOLEAN,
            "metrics.tags.method", Kind.BOOLEAN,
            "metrics.tags.error-type", Kind.BOOLEAN,
            "tracing.enabled", Kind.BOOLEAN,
            "tracing.span", Kind.BOOLEAN,
            "health.group", Kind.VALUE);

    /** The first segments of grouped keys ({@code budget}, {@code metrics}, ...), which name no policy. */
    static final Set<String> GROUPS;

    static {
        Set<String> groups = new LinkedHashSet<>();
        for (String key : all()) {
            int dot = key.indexOf('.');
            if (dot > 0) {
                groups.add(key.substring(0, dot));
            }
        }
        GROUPS = Collections.unmodifiableSet(groups);
    }

    private static final Pattern INDEX = Pattern.compile("\\[\\d+]$");
    /** How SmallRye Config spells {@code true} (any other value is {@code false}), and the opposites. */
    private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no", "y", "n", "on", "off", "1", "0");

    private ConfigKeys() {
    }

    /** Whether {@code value} is a boolean as written, rather than a word that SmallRye Config would read as false. */
    static boolean isBoolean(String value) {
        return BOOLEANS.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * What the property {@code name} (a full key, such as {@code quarkus.retry."payments".max-attempts}) holds, or
     * {@code null} when it is no quarkus-retry key. A segment between {@code quarkus.retry.} and a policy key is a
     * policy name, whatever it looks like.
     */
    static Kind kind(String name) {
        if (!name.startsWith(ConfigProblems.PREFIX)) {
            return null;
        }
        List<String> segments = segments(name.substring(ConfigProblems.PREFIX.length()));
        String last = segments.get(segments.size() - 1);
        Matcher index = INDEX.matcher(last);
        boolean indexed = index.find();
        if (indexed) {
            segments.set(segments.size() - 1, last.substring(0, index.start()));
        }
        String whole = String.join(".", segments);
        Kind kind = GLOBAL.containsKey(whole) ? GLOBAL.get(whole) : POLICY.get(whole);
        if (kind == null && segments.size() >= 2) {
            kind = POLICY.get(String.join(".", segments.subList(1, segments.size())));
        }
        return kind == null || (indexed && kind != Kind.LIST) ? null : kind;
    }

    /**
     * The warning for property {@code name} under {@code quarkus.retry.}, {@code null} when it is a quarkus-retry
     * key: {@code quarkus.retry.max-atempts is not a quarkus-retry key; did you mean quarkus.retry.max-attempts?}, or,
     * with nothing close enough to suggest, the keys that can be written there.
     */
    static String warning(String name) {
        if (!name.startsWith(ConfigProblems.PREFIX) || name.indexOf('*') >= 0 || kind(name) != null) {
            return null;
        }
        String suggestion = suggestion(name);
        if (suggestion != null) {
            return name + " is not a quarkus-retry key; did you mean " + suggestion + "?";
        }
        return name + " is not a quarkus-retry key and is ignored; " + validHere(name);
    }

    /** The nearest valid key to {@code name}, spelled as the user spells the policy name, or {@code null}. */
    static String suggestion(String name) {
        List<String> written = segments(name.substring(ConfigProblems.PREFIX.length()));
        String index = "";
        String last = written.get(written.size() - 1);
        Matcher matcher = INDEX.matcher(last);
        if (matcher.find()) {
            index = matcher.group();
            written.set(written.size() - 1, last.substring(0, matcher.start()));
        }
        List<String> segments = new ArrayList<>(written.size());
        written.forEach(segment -> segments.add(normalize(segment)));
        int size = segments.size();

        Nearest nearest = new Nearest();
        // the default policy's keys and the global ones: quarkus.retry.<key>
        String whole = String.join(".", segments);
        for (String key : all()) {
            nearest.offer(ConfigProblems.PREFIX + key, distance(whole, key), key);
        }
        if (size >= 2) {
            // a named policy: quarkus.retry.<name>.<key>
            String tail = String.join(".", segments.subList(1, size));
            for (String key : POLICY.keySet()) {
                nearest.offer(ConfigProblems.PREFIX + written.get(0) + '.' + key, distance(tail, key), key);
            }
        }
        // a policy name with dots, unquoted: quarkus.retry.a.b.max-attempts means quarkus.retry."a.b".max-attempts
        for (int i = 2; i < size; i++) {
            String tail = String.join(".", segments.subList(i, size));
            List<String> policy = written.subList(0, i);
            if (POLICY.containsKey(tail) && policy.stream().noneMatch(segment -> segment.indexOf('"') >= 0)) {
                nearest.offer(ConfigProblems.PREFIX + '"' + String.join(".", policy) + "\"." + tail, 0, tail);
            }
        }
        if (nearest.key != null) {
            return nearest.key + indexOf(nearest.relativeKey, index);
        }
        // the right key without its group: quarkus.retry.ratio, quarkus.retry."payments".window
        String leaf = segments.get(size - 1);
        if (size == 1) {
            String key = uniqueWithLeaf(all(), leaf);
            return key == null ? null : ConfigProblems.PREFIX + key + indexOf(key, index);
        }
        if (size == 2 && !GROUPS.contains(segments.get(0))) {
            String key = uniqueWithLeaf(POLICY.keySet(), leaf);
            return key == null ? null : ConfigProblems.PREFIX + written.get(0) + '.' + key + indexOf(key, index);
        }
        return null;
    }

    /** The index of a list element ({@code [0]}) for a list key, nothing for another key. */
    private static String indexOf(String relativeKey, String index) {
        return POLICY.get(relativeKey) == Kind.LIST || GLOBAL.get(relativeKey) == Kind.LIST ? index : "";
    }

    /** The nearest candidate so far, within a distance that still reads as a typo of it (1 to 3 edits by length). */
    private static final class Nearest {
        String key;
        String relativeKey;
        int distance = Integer.MAX_VALUE;

        void offer(String candidate, int distance, String relativeKey) {
            int limit = Math.max(1, Math.min(3, relativeKey.length() / 4));
            if (distance <= limit && distance < this.distance) {
                this.key = candidate;
                this.relativeKey = relativeKey;
                this.distance = distance;
            }
        }
    }

    private static String uniqueWithLeaf(Iterable<String> keys, String leaf) {
        String found = null;
        for (String key : keys) {
            int dot = key.lastIndexOf('.');
            if (dot > 0 && key.substring(dot + 1).equals(leaf)) {
                if (found != null) {
                    return null;
                }
                found = key;
            }
        }
        return found;
    }

    /** The keys that can be written where {@code name} was: those of its group, or the policy keys. */
    private static String validHere(String name) {
        List<String> segments = segments(name.substring(ConfigProblems.PREFIX.length()));
        for (String segment : segments) {
            String group = normalize(segment);
            if (GROUPS.contains(group)) {
                boolean ofPolicy = POLICY.keySet().stream().anyMatch(key -> key.startsWith(group + '.'));
                List<String> keys = new ArrayList<>();
                for (String key : all()) {
                    if (key.startsWith(group + '.')) {
                        keys.add(ofPolicy ? key : ConfigProblems.PREFIX + key);
                    }
                }
                return (ofPolicy ? "the " + group + " keys of a policy are " : "the " + group + " keys are ")
                        + String.join(", ", keys);
            }
        }
        List<String> keys = new ArrayList<>();
        for (String key : POLICY.keySet()) {
            int dot = key.indexOf('.');
            String entry = dot < 0 ? key : key.substring(0, dot) + ".*";
            if (!keys.contains(entry)) {
                keys.add(entry);
            }
        }
        return "the keys of a policy (quarkus.retry.<key> for the default policy, quarkus.retry.\"<name>\".<key> for a"
                + " named one) are " + String.join(", ", keys);
    }

    private static List<String> all() {
        List<String> all = new ArrayList<>(GLOBAL.keySet());
        all.addAll(POLICY.keySet());
        return all;
    }

    /** The segments of a key; a quoted segment (a policy name) keeps its quotes and its dots. */
    static List<String> segments(String key) {
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == '.' && !quoted) {
                segments.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(current.toString());
        return segments;
    }

    /** A segment in the keys' spelling: {@code maxAttempts}, {@code MAX_ATTEMPTS} as {@code max-attempts}. */
    private static String normalize(String segment) {
        if (segment.startsWith("\"")) {
            return segment;
        }
        StringBuilder kebab = new StringBuilder(segment.length() + 4);
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(segment.charAt(i - 1))) {
                kebab.append('-');
            }
            kebab.append(c == '_' ? '-' : Character.toLowerCase(c));
        }
        return kebab.toString();
    }

    /** The optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static Map<String, Kind> keys(Object... keysAndKinds) {
        Map<String, Kind> keys = new LinkedHashMap<>();
        for (int i = 0; i < keysAndKinds.length; i += 2) {
            keys.put((String) keysAndKinds[i], (Kind) keysAndKinds[i + 1]);
        }
        return Collections.unmodifiableMap(keys);
    }
}
