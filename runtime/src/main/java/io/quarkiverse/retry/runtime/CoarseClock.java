package io.quarkiverse.retry.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A monotonic nanosecond clock that one daemon thread refreshes every {@link #RESOLUTION_NANOS}: reading it is a
 * single volatile read instead of a {@code System.nanoTime()} call. Retry budgets count in 100 ms slots, so they
 * read this clock on every call without paying for a precise one.
 * <p>
 * Threading: any thread may read it; only the ticker thread writes. {@link #close()} (a shutdown task of the
 * application) stops the ticker, so no clock thread outlives its application, dev-mode reloads included.
 */
final class CoarseClock implements LongSupplier, AutoCloseable {

    static final long RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private volatile long now = System.nanoTime();
    private volatile boolean running = true;
    private final Thread ticker;

    CoarseClock() {
        ticker = new Thread(this::tick, "quarkus-retry-clock");
        ticker.setDaemon(true);
        ticker.start();
    }

    private void tick() {
        while (running) {
            LockSupport.parkNanos(RESOLUTION_NANOS);
            now = System.nanoTime();
        }
    }

    @Override
    public long getAsLong() {
        return now;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(ticker);
    }
}
