package io.quarkiverse.retry.test.observability;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

/** OpenTelemetry's in-memory span exporter as the application's exporter, and waits for spans to arrive. */
@ApplicationScoped
public class Spans {

    static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
    static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }

    /** Waits (up to 10 s) until {@code count} finished spans match, then returns every finished span. */
    static List<SpanData> await(InMemorySpanExporter exporter, Predicate<SpanData> match, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<SpanData> spans = exporter.getFinishedSpanItems();
            if (spans.stream().filter(match).count() >= count) {
                return spans;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + count + " matching spans, got: " + spans);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The server span of a request to {@code route}. */
    static Predicate<SpanData> server(String route) {
        return span -> span.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER
                && route.equals(span.getAttributes().get(ROUTE));
    }

    /** The client spans of requests whose URL contains {@code path}. */
    static Predicate<SpanData> client(String path) {
        return span -> span.getKind() == io.opentelemetry.api.trace.SpanKind.CLIENT
                && String.valueOf(span.getAttributes().get(URL)).contains(path);
    }
}
