package io.quarkiverse.retry.runtime.core;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.uni.builders.UniCreateFromKnownFailure;
import io.smallrye.mutiny.operators.uni.builders.UniCreateFromKnownItem;

/**
 * Reads the outcome of a {@code Uni} that is already resolved ({@code Uni.createFrom().item(...)} or
 * {@code .failure(...)}) without subscribing to it, as Mutiny's own {@code await()} does.
 * <p>
 * The classes it reads are Mutiny internals (not exported by its module descriptor, their getters exist since Mutiny
 * 3.1.0), so the shortcut is only taken when a probe made once, when this class initializes, finds them working;
 * otherwise {@link #SUPPORTED} is {@code false}, the JIT removes the branch, and every attempt is subscribed.
 * Nothing else in the extension refers to those classes, so a Mutiny without them costs only the shortcut.
 */
final class KnownUnis {

    /** Whether {@code Uni.createFrom().item(x)} and {@code .failure(e)} yield the classes read here. */
    static final boolean SUPPORTED = probe();

    private KnownUnis() {
    }

    private static boolean probe() {
        try {
            Object item = new Object();
            Exception failure = new Exception("probe");
            Uni<Object> resolved = Uni.createFrom().item(item);
            Uni<Object> failed = Uni.createFrom().failure(failure);
            boolean works = isItem(resolved) && item(resolved) == item && isFailure(failed) && failure(failed) == failure;
            if (!works) {
                Logger.getLogger(KnownUnis.class).debugf("Resolved Uni instances are %s and %s: every attempt is"
                        + " subscribed", resolved.getClass().getName(), failed.getClass().getName());
            }
            return works;
        } catch (LinkageError e) {
            Logger.getLogger(KnownUnis.class).debugf("Mutiny has no readable resolved Uni (%s): every attempt is"
                    + " subscribed", e);
            return false;
        }
    }

    static boolean isItem(Uni<?> uni) {
        return uni instanceof UniCreateFromKnownItem;
    }

    static <T> T item(Uni<T> uni) {
        return ((UniCreateFromKnownItem<T>) uni).getItem();
    }

    static boolean isFailure(Uni<?> uni) {
        return uni instanceof UniCreateFromKnownFailure;
    }

    static Throwable failure(Uni<?> uni) {
        return ((UniCreateFromKnownFailure<?>) uni).getFailure();
    }
}
