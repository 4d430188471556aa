package io.quarkiverse.retry.runtime.jitterstudy;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.Random;

import io.quarkiverse.retry.runtime.core.Backoff;
import io.quarkiverse.retry.runtime.core.JitterType;
import io.quarkiverse.retry.runtime.core.RandomSource;

/**
 * Discrete-event model of N clients racing to update one record with optimistic concurrency, after the simulator
 * behind the AWS Architecture Blog post "Exponential Backoff And Jitter" (Marc Brooker, 2015). Virtual time in
 * nanoseconds, nothing sleeps.
 * <p>
 * Every client, starting at time 0, reads the record's version (one network hop to the server, one back), then sends
 * a compare-and-set write carrying that version (one hop to the server, one back). The server accepts the write only
 * if the version is still current, i.e. no other write landed since this client's read, and then bumps the version.
 * A client whose write conflicts waits {@link Backoff#delayNanos(int, long)} of the extension's real {@link Backoff}
 * (n = 1 for its first retry, the previous wait passed back for decorrelated jitter) and starts over with a fresh
 * read. The run ends when every client has written once. Each hop takes {@code max(0, N(mean, sd))}.
 * <p>
 * One seeded {@link Random} drives both the network and the jitter (through a {@link RandomSource} wrapping it), so a
 * run is a pure function of its configuration and seed.
 */
public final class ContentionSimulation {

    public static final long MS = 1_000_000L;

    /** Model parameters; all durations in nanoseconds. */
    public record Config(long hopMeanNanos, long hopSdNanos, long baseNanos, long capNanos, double multiplier,
            double jitterFactor, int maxAttemptsPerClient, boolean originalIndexing) {

        public Config(long hopMeanNanos, long hopSdNanos, long baseNanos, long capNanos, double multiplier,
                double jitterFactor, int maxAttemptsPerClient) {
            this(hopMeanNanos, hopSdNanos, baseNanos, capNanos, multiplier, jitterFactor, maxAttemptsPerClient, false);
        }

        /**
         * The AWS post's parameters: hops ~N(10 ms, 2 ms), base 5 ms, cap 2 s, multiplier 2; jitter-factor 0.1; and
         * its indexing: the original's exponential delay is {@code base * 2^n} with n = 1 for the first retry, so
         * none/proportional/full/equal get the extension's {@code base-delay = 2 × 5 ms} (its exp(n) is
         * {@code base * 2^(n-1)}), while decorrelated, which has no index, starts from base 5 ms in both.
         */
        public static Config aws() {
            return new Config(10 * MS, 2 * MS, 5 * MS, 2_000 * MS, 2.0, 0.1, 100_000, true);
        }

        /** The same with the extension's indexing taken literally: base-delay 5 ms for every type. */
        public static Config awsExtensionIndexing() {
            return new Config(10 * MS, 2 * MS, 5 * MS, 2_000 * MS, 2.0, 0.1, 100_000, false);
        }

        /** The base-delay that reproduces the original's waits for this jitter type. */
        long baseNanosFor(JitterType type) {
            return originalIndexing && type != JitterType.DECORRELATED ? (long) (baseNanos * multiplier) : baseNanos;
        }
    }

    /**
     * @param calls write attempts (compare-and-set calls) over all clients; reads are not counted, as in the original
     * @param conflicts rejected writes ({@code calls - clients})
     * @param completionNanos virtual time at which the last client learned that its write succeeded
     */
    public record RunResult(long calls, long conflicts, long completionNanos) {
    }

    private static final int READ_AT_SERVER = 0;
    private static final int READ_REPLY = 1;
    private static final int WRITE_AT_SERVER = 2;
    private static final int WRITE_REPLY = 3;

    private record Event(long time, long seq, int client, int kind, long value) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final Config config;

    public ContentionSimulation(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /** One run: {@code clients} clients, all starting at time 0, with the given jitter type and seed. */
    public RunResult run(int clients, JitterType jitterType, long seed) {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be >= 1, got " + clients);
        }
        Random random = new Random(seed);
        RandomSource randomSource = random::nextDouble;
        Backoff backoff = new Backoff(config.baseNanosFor(jitterType), config.capNanos(), config.multiplier(),
                jitterType.strategy(config.jitterFactor()), randomSource);

        int[] retries = new int[clients]; // retries made so far by each client
        long[] previousWait = new long[clients];
        Arrays.fill(previousWait, backoff.baseNanos());

        PriorityQueue<Event> queue = new PriorityQueue<>(2 * clients + 1);
        long seq = 0;
        for (int c = 0; c < clients; c++) {
            queue.add(new Event(hop(random), seq++, c, READ_AT_SERVER, 0));
        }

        long version = 0;
        long calls = 0;
        long conflicts = 0;
        int done = 0;
        long now = 0;
        while (!queue.isEmpty()) {
            Event e = queue.poll();
            if (e.time() < now) {
                throw new IllegalStateException("time went backwards: " + e.time() + " < " + now);
            }
            now = e.time();
            int c = e.client();
            switch (e.kind()) {
                case READ_AT_SERVER -> queue.add(new Event(now + hop(random), seq++, c, READ_REPLY, version));
                case READ_REPLY -> queue.add(new Event(now + hop(random), seq++, c, WRITE_AT_SERVER, e.value()));
                case WRITE_AT_SERVER -> {
                    calls++;
                    boolean accepted = e.value() == version;
                    if (accepted) {
                        version++;
                    } else {
                        conflicts++;
                    }
                    queue.add(new Event(now + hop(random), seq++, c, WRITE_REPLY, accepted ? 1 : 0));
                }
                case WRITE_REPLY -> {
                    if (e.value() == 1) {
                        done++;
                    } else {
                        int retry = ++retries[c];
                        if (retry >= config.maxAttemptsPerClient()) {
                            throw new IllegalStateException("client " + c + " hit the safety cap of "
                                    + config.maxAttemptsPerClient() + " attempts (" + jitterType + ", " + clients
                                    + " clients, seed " + seed + ")");
                        }
                        long wait = backoff.delayNanos(retry, previousWait[c]);
                        previousWait[c] = wait;
                        queue.add(new Event(now + wait + hop(random), seq++, c, READ_AT_SERVER, 0));
                    }
                }
                default -> throw new AssertionError(e.kind());
            }
        }
        if (done != clients || version != clients || calls - conflicts != clients) {
            throw new IllegalStateException("inconsistent run: done=" + done + ", version=" + version + ", calls="
                    + calls + ", conflicts=" + conflicts + ", clients=" + clients);
        }
        return new RunResult(calls, conflicts, now);
    }

    private long hop(Random random) {
        double d = config.hopMeanNanos() + config.hopSdNanos() * random.nextGaussian();
        return d > 0 ? Math.round(d) : 0;
    }
}
