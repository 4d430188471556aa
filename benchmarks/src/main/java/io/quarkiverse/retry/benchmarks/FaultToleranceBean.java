package io.quarkiverse.retry.benchmarks;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.quarkus.arc.Unremovable;
import io.smallrye.mutiny.Uni;

/** SmallRye Fault Tolerance peer: 3 attempts, zero wait (jitter must be 0 too: its default is 200 ms). */
@ApplicationScoped
@Unremovable // looked up programmatically by the benchmarks
@Retry(maxRetries = 2, delay = 0, jitter = 0)
public class FaultToleranceBean {

    public String call() {
        return Work.call();
    }

    public Uni<String> uni() {
        return Work.uni();
    }

    public CompletionStage<String> cs() {
        return Work.cs();
    }

    public String flaky(Attempts attempts) {
        return Work.flaky(attempts);
    }

    public Uni<String> flakyUni(Attempts attempts) {
        return Work.flakyUni(attempts);
    }

    public CompletionStage<String> flakyCs(Attempts attempts) {
        return Work.flakyCs(attempts);
    }
}
