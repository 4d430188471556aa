package io.quarkiverse.retry.deployment;

import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;

/**
 * A retried method returns a type that cannot be retried correctly: a stream ({@code Multi}, {@code Publisher},
 * {@code Flow.Publisher}, {@code Stream}), or a subtype of {@code Uni} or of {@code CompletionStage} other than
 * {@code CompletableFuture}.
 */
public class UnsupportedReturnTypeException extends RetryDefinitionException {

    private static final long serialVersionUID = 1L;

    private final DotName returnType;

    /**
     * @param where how the method came to be retried, for example {@code @WithRetry on com.acme.Foo#bar}
     */
    UnsupportedReturnTypeException(String method, MethodInfo methodInfo, String where, DotName returnType) {
        super(method, methodInfo, where + ", which returns " + returnType + ": that return type cannot be retried"
                + " correctly. Supported are Uni, CompletionStage, CompletableFuture and any non-reactive type"
                + " (retried synchronously); a stream such as Multi or Publisher would replay items already emitted.");
        this.returnType = returnType;
    }

    /** The declared return type. */
    public DotName getReturnType() {
        return returnType;
    }
}
