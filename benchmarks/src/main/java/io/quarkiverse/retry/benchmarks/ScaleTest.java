package io.quarkiverse.retry.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import javax.management.ObjectName;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.arc.Arc;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Scale test: {@code N} (default 100,000) concurrent calls of a {@code Uni} method whose first attempt fails, all
 * waiting in backoff (policy {@code scale}: a fixed wait, no budget) at the same time. Measures, per variant (callers
 * on a Vert.x event loop, callers without a Vert.x context):
 * <ul>
 * <li>the heap retained per pending call: heap used after a full GC while all calls wait, minus before, divided by
 * N, plus a class histogram diff that says which objects make it up;</li>
 * <li>the live thread count before, while waiting and at its peak until every call completed;</li>
 * <li>how long subscribing took and when the last call completed.</li>
 * </ul>
 * All calls share one subscriber and one preallocated failure, so nothing per call belongs to the test itself.
 */
final class ScaleTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ScaleTest() {
    }

    static int run(String[] args) throws Exception {
        int calls = Integer.getInteger("scale.calls", 100_000);
        ScaleBean bean = Arc.container().instance(ScaleBean.class).get();
        Vertx vertx = Arc.container().instance(Vertx.class).get();
        long waitMs = ConfigProvider.getConfig().getValue("quarkus.retry.scale.base-delay", Duration.class).toMillis();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("calls", calls);
        result.put("waitMs", waitMs);
        result.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        // warm up: JIT, event loop and worker threads, Vert.x timer structures
        for (int i = 0; i < 2; i++) {
            variant(bean, vertx, true, Math.min(calls, 5_000), waitMs, false);
            variant(bean, vertx, false, Math.min(calls, 5_000), waitMs, false);
        }
        result.put("eventLoop", variant(bean, vertx, true, calls, waitMs, true));
        result.put("noContext", variant(bean, vertx, false, calls, waitMs, true));

        String json = Json.write(result);
        System.out.println("SCALE " + json);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), json);
        }
        return 0;
    }

    private static Map<String, Object> variant(ScaleBean bean, Vertx vertx, boolean eventLoop, int calls, long waitMs,
            boolean measure) throws Exception {
        Counting subscriber = new Counting();
        Map<String, long[]> histogramBefore = measure ? histogram() : null;
        fullGc();
        long heapBefore = usedHeap();
        int threadsBefore = THREADS.getThreadCount();
        THREADS.resetPeakThreadCount();

        ScaleBean.ATTEMPTS.reset();
        ScaleBean.failing = true;
        long start = System.nanoTime();
        if (eventLoop) {
            Context context = vertx.getOrCreateContext();
            int batch = 1_000;
            for (int done = 0; done < calls; done += batch) {
                int n = Math.min(batch, calls - done);
                context.runOnContext(ignored -> {
                    for (int i = 0; i < n; i++) {
                        bean.call().subscribe().withSubscriber(subscriber);
                    }
                });
            }
        } else {
            for (int i = 0; i < calls; i++) {
                bean.call().subscribe().withSubscriber(subscriber);
            }
        }
        while (ScaleBean.ATTEMPTS.sum() < calls) {
            Thread.onSpinWait();
        }
        long subscribedNanos = System.nanoTime() - start;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("subscribeMs", millis(subscribedNanos));
        if (measure) {
            long pendingBefore = calls - subscriber.done();
            fullGc();
            long heapDuring = usedHeap();
            int threadsDuring = THREADS.getThreadCount();
            Map<String, long[]> histogramDuring = histogram();
            long pendingAfter = calls - subscriber.done();
            r.put("pendingAtMeasurement", Math.min(pendingBefore, pendingAfter));
            r.put("measuredAtMs", millis(System.nanoTime() - start));
            r.put("heapBytesPerPendingCall", (heapDuring - heapBefore) / (double) calls);
            r.put("threadsBefore", threadsBefore);
            r.put("threadsWhileWaiting", threadsDuring);
            r.put("breakdown", diff(histogramBefore, histogramDuring, calls));
        }
        ScaleBean.failing = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + 2 * waitMs / 1000);
        while (subscriber.done() < calls && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        r.put("completedAtMs", millis(System.nanoTime() - start));
        r.put("succeeded", subscriber.items.sum());
        r.put("failed", subscriber.failures.sum());
        r.put("peakThreads", THREADS.getPeakThreadCount());
        r.put("threadsAfter", THREADS.getThreadCount());
        return r;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 100_000.0) / 10.0;
    }

    private static void fullGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Live objects per class ({@code jcmd GC.class_histogram}, which runs a full GC first): instances, bytes. */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] { new String[0] }, new String[] { String[].class.getName() });
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                classes.merge(f[3], new long[] { Long.parseLong(f[1]), Long.parseLong(f[2]) },
                        (a, b) -> new long[] { a[0] + b[0], a[1] + b[1] });
            }
        }
        return classes;
    }

    /** Classes whose live bytes grew by at least 4 bytes per call, largest first. */
    private static List<Map<String, Object>> diff(Map<String, long[]> before, Map<String, long[]> during, int calls) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> e : during.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long instances = e.getValue()[0] - b[0];
            long bytes = e.getValue()[1] - b[1];
            if (bytes >= 4L * calls) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("class", e.getKey());
                row.put("instancesPerCall", Math.round(100.0 * instances / calls) / 100.0);
                row.put("bytesPerCall", Math.round(10.0 * bytes / calls) / 10.0);
                rows.add(row);
            }
        }
        rows.sort((x, y) -> Double.compare((Double) y.get("bytesPerCall"), (Double) x.get("bytesPerCall")));
        return rows;
    }

    /** One subscriber for every call: counts outcomes, keeps nothing. */
    static final class Counting implements UniSubscriber<String> {
        final LongAdder items = new LongAdder();
        final LongAdder failures = new LongAdder();

        @Override
        public void onSubscribe(UniSubscription subscription) {
        }

        @Override
        public void onItem(String item) {
            items.increment();
        }

        @Override
        public void onFailure(Throwable failure) {
            failures.increment();
        }

        long done() {
            return items.sum() + failures.sum();
        }
    }

    /** Just enough JSON for maps, lists, strings and numbers. */
    static final class Json {
        static String write(Object value) {
            StringBuilder sb = new StringBuilder();
            write(sb, value);
            return sb.toString();
        }

        private static void write(StringBuilder sb, Object value) {
            if (value instanceof Map<?, ?> map) {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    write(sb, String.valueOf(e.getKey()));
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            } else if (value instanceof List<?> list) {
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(sb, list.get(i));
                }
                sb.append(']');
            } else if (value instanceof Number) {
                sb.append(value);
            } else {
                sb.append('"').append(String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
    }
}
