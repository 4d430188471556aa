package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

class AttemptCountsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(FlakyService.class, TransientException.class)
                    .addAsResource(new StringAsset("quarkus.retry.base-delay=5ms\nquarkus.retry.max-delay=20ms\n"),
                            "application.properties"));

    @Inject
    FlakyService service;

    @Test
    void syncSucceedsAfterFailures() {
        service.reset(2);
        assertThat(service.sync()).isEqualTo("ok after 3");
        assertThat(service.calls()).isEqualTo(3);
    }

    @Test
    void syncWithoutFailureMakesOneAttempt() {
        service.reset(0);
        assertThat(service.sync()).isEqualTo("ok after 1");
        assertThat(service.calls()).isEqualTo(1);
    }

    @Test
    void syncExhaustionPropagatesLastFailureWithEarlierOnesSuppressed() {
        service.reset(10);
        Throwable thrown = catchThrowable(service::sync);
        assertThat(thrown).isExactlyInstanceOf(TransientException.class).hasMessage("failure 3");
        assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage).containsExactly("failure 1", "failure 2");
        assertThat(service.calls()).isEqualTo(3);
    }

    @Test
    void voidAndPrimitiveMethodsAreRetried() {
        service.reset(2);
        service.voidMethod();
        assertThat(service.calls()).isEqualTo(3);

        service.reset(1);
        assertThat(service.primitive()).isEqualTo(2);

        service.reset(5);
        assertThatThrownBy(service::voidMethod).isInstanceOf(TransientException.class).hasMessage("failure 3");
        assertThat(service.calls()).isEqualTo(3);
    }

    @Test
    void uniIsLazyAndRetriesWithAFreshUniPerAttempt() {
        service.reset(2);
        Uni<String> uni = service.uni();
        assertThat(service.calls()).as("nothing runs before subscription").isZero();
        assertThat(uni.await().atMost(Duration.ofSeconds(5))).isEqualTo("ok after 3");
        assertThat(service.calls()).isEqualTo(3);
    }

    @Test
    void uniSubscriptionsRunTheirOwnSequences() {
        service.reset(2);
        Uni<String> uni = service.uni();
        assertThat(uni.await().atMost(Duration.ofSeconds(5))).isEqualTo("ok after 3");
        assertThat(uni.await().atMost(Duration.ofSeconds(5))).isEqualTo("ok after 4");
        assertThat(service.calls()).isEqualTo(4);
    }

    @Test
    void uniThrowingWhileBuildingIsRetried() {
        service.reset(2);
        assertThat(service.uniThrowing().await().atMost(Duration.ofSeconds(5))).isEqualTo("ok after 3");
        assertThat(service.calls()).isEqualTo(3);
    }

    @Test
    void uniExhaustionPropagatesLastFailure() {
        service.reset(10);
        Throwable thrown = catchThrowable(() -> service.uni().await().atMost(Duration.ofSeconds(5)));
        assertThat(thrown).isExactlyInstanceOf(TransientException.class).hasMessage("failure 3");
        assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage).containsExactly("failure 1", "failure 2");
        assertThat(service.calls()).isEqualTo(3);
    }

    @Test
    void completionStageSucceedsAfterFailures() throws Exception {
        service.reset(2);
        assertThat(service.completionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("ok after 3");
        assertThat(service.calls()).isEqualTo(3);
    }

    @Test
    void completionStageSynchronousThrowIsRetried() throws Exception {
        service.reset(2);
        assertThat(service.completableFutureThrowing().get(5, TimeUnit.SECONDS)).isEqualTo("ok after 3");
        assertThat(service.calls()).isEqualTo(3);
    }

    @Test
    void completionStageExhaustionPropagatesUnwrappedLastFailure() {
        service.reset(10);
        Throwable thrown = catchThrowable(() -> service.completionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        Throwable cause = thrown.getCause();
        assertThat(cause).isExactlyInstanceOf(TransientException.class).hasMessage("failure 3");
        assertThat(cause.getSuppressed()).extracting(Throwable::getMessage).containsExactly("failure 1", "failure 2");
        assertThat(service.calls()).isEqualTo(3);

        service.reset(10);
        Throwable joined = catchThrowable(() -> service.completableFutureThrowing().join());
        assertThat(joined).isInstanceOf(CompletionException.class);
        assertThat(joined.getCause()).isExactlyInstanceOf(TransientException.class).hasMessage("failure 3");
    }
}
