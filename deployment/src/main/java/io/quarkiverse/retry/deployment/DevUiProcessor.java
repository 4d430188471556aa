package io.quarkiverse.retry.deployment;

import java.util.List;

import io.quarkiverse.retry.runtime.devui.DevUiRecorder;
import io.quarkiverse.retry.runtime.devui.RetryDevStats;
import io.quarkiverse.retry.runtime.devui.RetryJsonRpcService;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;

/**
 * The Dev UI "Retry" card: a page of the retried methods (effective policy, live counters) and a page of budgets and
 * breakers (with Force open / Force closed / Reset). The live counters come from a dev-only event consumer.
 */
class DevUiProcessor {

    @BuildStep(onlyIf = IsDevelopment.class)
    CardPageBuildItem card(List<RetryMethodBuildItem> methods) {
        CardPageBuildItem card = new CardPageBuildItem();
        card.addPage(Page.webComponentPageBuilder()
                .title("Methods")
                .icon("font-awesome-solid:rotate")
                .componentLink("qwc-retry-methods.js")
                .staticLabel(String.valueOf(methods.size())));
        card.addPage(Page.webComponentPageBuilder()
                .title("Budgets & breakers")
                .icon("font-awesome-solid:shield-halved")
                .componentLink("qwc-retry-guards.js")
                .streamingLabelJsonRPCMethodName("streamOpenLabel"));
        return card;
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    JsonRPCProvidersBuildItem jsonRpc() {
        return new JsonRPCProvidersBuildItem(RetryJsonRpcService.class);
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    AdditionalBeanBuildItem devStatsBean() {
        return AdditionalBeanBuildItem.unremovableOf(RetryDevStats.class);
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    @Record(ExecutionTime.RUNTIME_INIT)
    RetryEventsBuildItem devStats(DevUiRecorder recorder, BeanContainerBuildItem container) {
        return new RetryEventsBuildItem(recorder.devStats(container.getValue()));
    }
}
