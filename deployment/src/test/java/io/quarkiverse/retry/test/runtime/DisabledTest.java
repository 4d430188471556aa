package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import jakarta.inject.Inject;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class DisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(FlakyService.class, TransientException.class)
                    .addAsResource(new StringAsset("quarkus.retry.enabled=false\nquarkus.retry.base-delay=0\n"),
                            "application.properties"));

    @Inject
    FlakyService service;

    @Test
    void everyShapeMakesExactlyOneAttempt() {
        service.reset(1);
        assertThatThrownBy(service::sync).isInstanceOf(TransientException.class).hasMessage("failure 1");
        assertThat(service.calls()).isEqualTo(1);

        service.reset(1);
        assertThatThrownBy(() -> service.uni().await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(TransientException.class);
        assertThat(service.calls()).isEqualTo(1);

        service.reset(1);
        assertThatThrownBy(() -> service.completionStage().toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TransientException.class);
        assertThat(service.calls()).isEqualTo(1);
    }
}
