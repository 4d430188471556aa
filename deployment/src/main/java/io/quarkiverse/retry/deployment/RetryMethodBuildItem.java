package io.quarkiverse.retry.deployment;

import io.quarkiverse.retry.runtime.RetryMethodMetadata;
import io.quarkus.builder.item.MultiBuildItem;

/**
 * One method that the retry interceptor intercepts, as seen from one bean class, with its precomputed metadata.
 */
public final class RetryMethodBuildItem extends MultiBuildItem {

    private final RetryMethodMetadata metadata;

    public RetryMethodBuildItem(RetryMethodMetadata metadata) {
        this.metadata = metadata;
    }

    public RetryMethodMetadata getMetadata() {
        return metadata;
    }
}
