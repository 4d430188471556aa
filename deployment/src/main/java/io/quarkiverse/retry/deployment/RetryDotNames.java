package io.quarkiverse.retry.deployment;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.jandex.DotName;

import io.quarkiverse.retry.WithRetry;

/** Every type name the build steps look for, in one place. */
final class RetryDotNames {

    static final DotName WITH_RETRY = DotName.createSimple(WithRetry.class);
    static final DotName OBJECT = DotName.createSimple(Object.class);
    static final DotName UNI = DotName.createSimple("io.smallrye.mutiny.Uni");
    static final DotName COMPLETION_STAGE = DotName.createSimple(CompletionStage.class);
    static final DotName COMPLETABLE_FUTURE = DotName.createSimple(CompletableFuture.class);

    /** Streams: a retry would have to replay items already emitted, so they are refused rather than retried wrongly. */
    static final Set<DotName> STREAMS = Set.of(
            DotName.createSimple("io.smallrye.mutiny.Multi"),
            DotName.createSimple("org.reactivestreams.Publisher"),
            DotName.createSimple("java.util.concurrent.Flow$Publisher"),
            DotName.createSimple("java.util.stream.Stream"));

    private RetryDotNames() {
    }
}
