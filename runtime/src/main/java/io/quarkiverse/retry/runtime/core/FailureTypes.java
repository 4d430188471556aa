package io.quarkiverse.retry.runtime.core;

import java.util.List;

/**
 * A pair of type lists: a failure matches when it is an instance of an {@code included} type and of no
 * {@code excluded} type (exclusion wins). Subtypes match.
 */
public final class FailureTypes {

    private final Class<?>[] included;
    private final Class<?>[] excluded;

    public FailureTypes(List<Class<? extends Throwable>> included, List<Class<? extends Throwable>> excluded) {
        this.included = included.toArray(new Class<?>[0]);
        this.excluded = excluded.toArray(new Class<?>[0]);
    }

    public boolean matches(Throwable failure) {
        for (Class<?> type : excluded) {
            if (type.isInstance(failure)) {
                return false;
            }
        }
        for (Class<?> type : included) {
            if (type.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }
}
