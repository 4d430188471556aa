package io.quarkiverse.retry.it;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The state of {@link FlakyDependency}.
 *
 * @param failures failures injected by the last reset
 * @param calls calls made since the last reset
 */
@RegisterForReflection
public record DependencyState(int failures, int calls) {
}
