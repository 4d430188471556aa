package io.quarkiverse.retry.deployment;

import io.quarkus.builder.item.MultiBuildItem;

/** One misplaced {@code @WithRetry}, reported in the validation phase together with all the others. */
public final class RetryDefinitionErrorBuildItem extends MultiBuildItem {

    private final RetryDefinitionException error;

    public RetryDefinitionErrorBuildItem(RetryDefinitionException error) {
        this.error = error;
    }

    public RetryDefinitionException getError() {
        return error;
    }
}
