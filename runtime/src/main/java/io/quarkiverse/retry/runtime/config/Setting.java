package io.quarkiverse.retry.runtime.config;

/**
 * A resolved configuration value with where it came from, for error messages.
 *
 * @param value the value in effect
 * @param key the full property key as the user wrote it, or {@code quarkus.retry.<key> (default)} for a built-in
 *        default
 * @param raw the value as written in the configuration (before conversion)
 */
record Setting<T>(T value, String key, String raw) {
}
