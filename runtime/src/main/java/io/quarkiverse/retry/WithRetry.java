package io.quarkiverse.retry;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Retries calls of the annotated method (or of every business method of the annotated class) that fail with a
 * retryable exception, waiting between attempts with exponential backoff and jitter.
 * <p>
 * The policy is configured in {@code application.properties}: the default policy at {@code quarkus.retry.*}, named
 * policies at {@code quarkus.retry."<name>".*}. Methods may return {@code io.smallrye.mutiny.Uni},
 * {@code java.util.concurrent.CompletionStage} / {@code CompletableFuture} (retried without blocking a thread) or any
 * other type (retried synchronously, waits block the calling thread).
 * <p>
 * A method-level annotation wins over a class-level one.
 */
@InterceptorBinding
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface WithRetry {

    /**
     * The name of the retry policy, configured under {@code quarkus.retry."<name>".*}. Empty selects the default
     * policy ({@code quarkus.retry.*}). A name that has no configuration fails application start.
     */
    @Nonbinding
    String value() default "";
}
