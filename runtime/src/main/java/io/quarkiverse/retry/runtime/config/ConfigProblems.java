package io.quarkiverse.retry.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.config.Config;

/**
 * What the resolvers share: the raw configuration, to spell every key as the user wrote it and quote the value as
 * written, and the list of problems found so far (all of them are reported at once).
 */
final class ConfigProblems {

    static final String PREFIX = "quarkus.retry.";

    private final Config raw;
    private final List<String> problems = new ArrayList<>();
    /** How many reports were made, repeated ones included: what tells a resolver that its group is invalid. */
    private int reports;
    private Set<String> propertyNames;

    ConfigProblems(Config raw) {
        this.raw = raw;
    }

    List<String> all() {
        return problems;
    }

    /** How many problems were reported so far, each repetition counted (so it grows with every report). */
    int count() {
        return reports;
    }

    /** Reports a problem with a setting: {@code key=raw: message}. */
    void add(Setting<?> setting, String message) {
        add(setting.key() + "=" + setting.raw() + ": " + message);
    }

    /**
     * Reports a problem in the words given. A problem is reported once, even when several named policies inherit
     * the same invalid value from the default policy.
     */
    void add(String problem) {
        reports++;
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    /** A setting of value {@code value} read from {@code key}. */
    <T> Setting<T> setting(String key, T value) {
        return new Setting<>(value, key, raw(key, value));
    }

    /** The value of {@code key} as written in the configuration, or {@code value} as text when it has none. */
    String raw(String key, Object value) {
        try {
            String written = raw.getConfigValue(key).getRawValue();
            if (written != null) {
                return written;
            }
        } catch (RuntimeException ignored) {
            // fall through to the converted value
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>(list.size());
            list.forEach(item -> items.add(String.valueOf(item)));
            return String.join(",", items);
        }
        return String.valueOf(value);
    }

    /**
     * The full property key as the user wrote it: {@code quarkus.retry.max-attempts} for the default policy,
     * {@code quarkus.retry.name.max-attempts} or {@code quarkus.retry."name".max-attempts} for a named one.
     */
    String keyOf(String policy, String property) {
        if (policy.isEmpty()) {
            return PREFIX + property;
        }
        String quoted = PREFIX + '"' + policy + "\"." + property;
        String plain = PREFIX + policy + '.' + property;
        Set<String> names = propertyNames();
        if (policy.contains(".") || names.contains(quoted)) {
            return quoted;
        }
        if (names.contains(plain)) {
            return plain;
        }
        // a key the configuration does not set: spelled like the keys it sets for the same policy
        String quotedPolicy = PREFIX + '"' + policy + "\".";
        for (String name : names) {
            if (name.startsWith(quotedPolicy)) {
                return quoted;
            }
        }
        return plain;
    }

    /** Whether the configuration sets {@code key}. */
    boolean isSet(String key) {
        return propertyNames().contains(key);
    }

    /** The value of {@code key} after expansion, {@code null} when it has none (or it cannot be read). */
    String value(String key) {
        try {
            return raw.getConfigValue(key).getValue();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Every property the configuration sets under {@code quarkus.retry.}, as written. */
    Set<String> propertyNames() {
        if (propertyNames == null) {
            propertyNames = new TreeSet<>();
            for (String name : raw.getPropertyNames()) {
                if (name.startsWith(PREFIX)) {
                    propertyNames.add(name);
                }
            }
        }
        return propertyNames;
    }
}
