package io.quarkiverse.retry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

class FailureTypesTest {

    @Test
    void includedTypesAndSubtypesMatch() {
        FailureTypes types = new FailureTypes(List.of(IOException.class), List.of());
        assertThat(types.matches(new IOException())).isTrue();
        assertThat(types.matches(new FileNotFoundException())).isTrue();
        assertThat(types.matches(new Exception())).isFalse();
        assertThat(types.matches(new RuntimeException())).isFalse();
    }

    @Test
    void exclusionWins() {
        FailureTypes types = new FailureTypes(List.of(Exception.class), List.of(IOException.class));
        assertThat(types.matches(new FileNotFoundException())).isFalse();
        assertThat(types.matches(new IOException())).isFalse();
        assertThat(types.matches(new IllegalStateException())).isTrue();
        assertThat(new FailureTypes(List.of(IOException.class), List.of(IOException.class))
                .matches(new IOException())).isFalse();
    }

    @Test
    void nothingMatchesWithoutIncludedTypes() {
        assertThat(new FailureTypes(List.of(), List.of()).matches(new Exception())).isFalse();
        assertThat(new FailureTypes(List.of(Exception.class), List.of()).matches(new Error())).isFalse();
    }
}
