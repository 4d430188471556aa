package io.quarkiverse.retry.runtime.core;

import java.util.List;

/**
 * A pair of type lists: a failure matches when it is an instance of an {@code included} type and of no
 * {@code excluded} type (exclusion wins). Subtypes match. An entry {@code jakarta.ws.rs.ProcessingException} (the
 * Jakarta REST type for transport failures) also matches every {@link TransportFailure}, whatever the REST client
 * wrapped it in (or did not: its {@code Uni} methods fail with the bare Netty or Vert.x exception).
 */
public final class FailureTypes {

    /** The Jakarta REST type of transport failures. */
    static final String PROCESSING_EXCEPTION = "jakarta.ws.rs.ProcessingException";

    private final Class<?>[] included;
    private final Class<?>[] excluded;
    private final boolean includesTransport;
    private final boolean excludesTransport;

    public FailureTypes(List<Class<? extends Throwable>> included, List<Class<? extends Throwable>> excluded) {
        this.included = included.toArray(new Class<?>[0]);
        this.excluded = excluded.toArray(new Class<?>[0]);
        this.includesTransport = names(included, PROCESSING_EXCEPTION);
        this.excludesTransport = names(excluded, PROCESSING_EXCEPTION);
    }

    private static boolean names(List<Class<? extends Throwable>> types, String name) {
        for (Class<?> type : types) {
            if (type.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    public boolean matches(Throwable failure) {
        for (Class<?> type : excluded) {
            if (type.isInstance(failure)) {
                return false;
            }
        }
        if (excludesTransport && TransportFailure.of(failure) != TransportFailure.NONE) {
            return false;
        }
        for (Class<?> type : included) {
            if (type.isInstance(failure)) {
                return true;
            }
        }
        return includesTransport && TransportFailure.of(failure) != TransportFailure.NONE;
    }
}
