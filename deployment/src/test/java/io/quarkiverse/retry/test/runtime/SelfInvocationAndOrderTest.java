package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkiverse.retry.runtime.RetryInterceptor;
import io.quarkus.test.QuarkusUnitTest;

class SelfInvocationAndOrderTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class, TransactionLike.class, TransactionLikeInterceptor.class)
                    .addAsResource(new StringAsset("quarkus.retry.base-delay=0\n"), "application.properties"));

    @Inject
    Service service;

    @Test
    void selfInvocationOfARetriedMethodIsRetried() {
        assertThat(service.outer()).isEqualTo("ok after 3");
        assertThat(service.innerCalls).isEqualTo(3);
    }

    @Test
    void everyAttemptRunsInAFreshTransactionLikeScope() {
        TransactionLikeInterceptor.begun.clear();
        service.innerCalls = 0;
        assertThat(service.inner()).isEqualTo("ok after 3");
        // the interceptor at @Transactional's priority runs inside the retry loop: once per attempt
        assertThat(TransactionLikeInterceptor.begun).containsExactly("tx-1", "tx-2", "tx-3");
        assertThat(RetryInterceptor.PRIORITY).isLessThan(Interceptor.Priority.PLATFORM_BEFORE + 200);
    }

    @Singleton
    public static class Service {
        int innerCalls;

        public String outer() {
            innerCalls = 0;
            return inner();
        }

        @WithRetry
        @TransactionLike
        public String inner() {
            innerCalls++;
            if (innerCalls < 3) {
                throw new IllegalStateException("attempt " + innerCalls);
            }
            return "ok after " + innerCalls;
        }
    }

    @InterceptorBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.TYPE, ElementType.METHOD })
    public @interface TransactionLike {
    }

    /** Stands in for @Transactional: same priority, records one "transaction" per invocation. */
    @TransactionLike
    @Interceptor
    @Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
    public static class TransactionLikeInterceptor {
        static final List<String> begun = new ArrayList<>();

        @AroundInvoke
        Object around(InvocationContext context) throws Exception {
            begun.add("tx-" + (begun.size() + 1));
            return context.proceed();
        }
    }
}
