package io.quarkiverse.retry.runtime.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application is stopping: every retry wait ends at once and no attempt starts any more. {@link #stop()} is called
 * once, from the application's shutdown (before Vert.x and the worker pool close); from then on each call that is
 * waiting to retry, or that fails again, completes with its last failure (or last result) and a suppressed
 * {@link io.quarkiverse.retry.RetryStoppedException} saying that the application is stopping, outcome
 * {@link io.quarkiverse.retry.RetryOutcome#INTERRUPTED}.
 * <p>
 * A waiting call registers itself for the length of its wait ({@link #register}); whoever removes it first, the end of
 * the wait or {@link #stop()}, goes on with it, so a wait is ended exactly once. A registration after {@link #stop()}
 * started is seen by the registrant itself, which re-checks {@link #isStopping()} after registering.
 * <p>
 * Threading: thread-safe; nothing here runs on the success path of a call.
 */
public final class RetryShutdown {

    /** What is told to stop waiting. */
    public interface Waiting {
        /** The application is stopping: end the wait now (called at most once, on the stopping thread). */
        void stopWaiting();
    }

    /** The reason in the note attached to the failure of a call stopped by the shutdown. */
    public static final String REASON = "the application is stopping";

    private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** Whether the application is stopping: no attempt may start, no wait may begin. */
    public boolean isStopping() {
        return stopping;
    }

    /** A wait begins; the caller must re-check {@link #isStopping()} afterwards. */
    void register(Waiting call) {
        waiting.add(call);
    }

    /** The wait is over (or cancelled); {@code true} when this removed it, {@code false} when {@link #stop()} did. */
    boolean unregister(Waiting call) {
        return waiting.remove(call);
    }

    /** How many calls are waiting to retry now. */
    public int waitingCalls() {
        return waiting.size();
    }

    /** Ends every wait and refuses every further attempt. Idempotent. */
    public void stop() {
        stopping = true;
        Throwable first = null;
        for (Waiting call : waiting) {
            if (waiting.remove(call)) {
                try {
                    call.stopWaiting();
                } catch (RuntimeException | Error e) {
                    // one call that fails to stop must not keep the others waiting: rethrown after the loop
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        if (first != null) {
            throw Retrier.sneakyThrow(first);
        }
    }
}
