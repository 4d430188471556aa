package io.quarkiverse.retry.deployment;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.jandex.DotName;

import io.quarkiverse.retry.FailureClassifier;
import io.quarkiverse.retry.WithRetry;

/** Every type name the build steps look for, in one place. */
final class RetryDotNames {

    static final DotName WITH_RETRY = DotName.createSimple(WithRetry.class);
    static final DotName OBJECT = DotName.createSimple(Object.class);
    static final DotName UNI = DotName.createSimple("io.smallrye.mutiny.Uni");
    static final DotName COMPLETION_STAGE = DotName.createSimple(CompletionStage.class);
    static final DotName COMPLETABLE_FUTURE = DotName.createSimple(CompletableFuture.class);
    static final DotName FAILURE_CLASSIFIER = DotName.createSimple(FailureClassifier.class);

    /** MicroProfile Fault Tolerance's retry, which nests with {@code @WithRetry} when both are present. */
    static final DotName MP_RETRY = DotName.createSimple("org.eclipse.microprofile.faulttolerance.Retry");

    /** Jakarta REST: the meta-annotation of HTTP method annotations ({@code @GET}, {@code @POST}, ...). */
    static final DotName HTTP_METHOD = DotName.createSimple("jakarta.ws.rs.HttpMethod");
    static final Map<DotName, String> HTTP_METHODS = Map.of(
            DotName.createSimple("jakarta.ws.rs.GET"), "GET",
            DotName.createSimple("jakarta.ws.rs.POST"), "POST",
            DotName.createSimple("jakarta.ws.rs.PUT"), "PUT",
            DotName.createSimple("jakarta.ws.rs.DELETE"), "DELETE",
            DotName.createSimple("jakarta.ws.rs.PATCH"), "PATCH",
            DotName.createSimple("jakarta.ws.rs.HEAD"), "HEAD",
            DotName.createSimple("jakarta.ws.rs.OPTIONS"), "OPTIONS");
    static final String WEB_APPLICATION_EXCEPTION = "jakarta.ws.rs.WebApplicationException";

    /** The suffix of the bean class the REST client generates for a {@code @RegisterRestClient} interface. */
    static final String REST_CLIENT_WRAPPER_SUFFIX = "$$CDIWrapper";

    /** Streams: a retry would have to replay items already emitted, so they are refused rather than retried wrongly. */
    static final Set<DotName> STREAMS = Set.of(
            DotName.createSimple("io.smallrye.mutiny.Multi"),
            DotName.createSimple("org.reactivestreams.Publisher"),
            DotName.createSimple("java.util.concurrent.Flow$Publisher"),
            DotName.createSimple("java.util.stream.Stream"));

    private RetryDotNames() {
    }
}
