package io.quarkiverse.retry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/**
 * The resolved-{@code Uni} shortcut reads Mutiny internals: this fails as soon as a Mutiny upgrade changes what
 * {@code Uni.createFrom().item(x)} returns, so that the shortcut is re-checked instead of silently lost.
 */
class KnownUnisTest {

    @Test
    void resolvedUnisAreTheClassesTheShortcutReads() {
        assertThat(Uni.createFrom().item("x").getClass().getName())
                .isEqualTo("io.smallrye.mutiny.operators.uni.builders.UniCreateFromKnownItem");
        assertThat(Uni.createFrom().failure(new IOException()).getClass().getName())
                .isEqualTo("io.smallrye.mutiny.operators.uni.builders.UniCreateFromKnownFailure");
        assertThat(KnownUnis.SUPPORTED).as("the probe found them working").isTrue();
    }

    @Test
    void readsTheOutcomeWithoutSubscribing() {
        IOException failure = new IOException("known");
        Uni<String> item = Uni.createFrom().item("known");
        Uni<String> failed = Uni.createFrom().failure(failure);
        assertThat(KnownUnis.isItem(item)).isTrue();
        assertThat(KnownUnis.item(item)).isEqualTo("known");
        assertThat(KnownUnis.isFailure(failed)).isTrue();
        assertThat(KnownUnis.failure(failed)).isSameAs(failure);
        assertThat(KnownUnis.isItem(Uni.createFrom().item(() -> "lazy"))).as("a lazy item is subscribed").isFalse();
        assertThat(KnownUnis.isItem(Uni.createFrom().nullItem())).isTrue();
        assertThat((Object) KnownUnis.item(Uni.createFrom().nullItem())).isNull();
    }
}
