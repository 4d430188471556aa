package io.quarkiverse.retry.it;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.MDC;

import io.smallrye.mutiny.Uni;

/**
 * Demo endpoints. Each {@code GET} first makes the dependency fail its next {@code failures} calls, then calls the
 * service once and reports how many attempts the retry needed.
 * <p>
 * Methods returning plain objects are blocking and run on a worker thread (their retry waits block that thread);
 * methods returning {@link Uni} or {@link CompletionStage} run on the Vert.x event loop, which is fine because their
 * retries never block.
 */
@Path("/flaky")
@Produces(MediaType.APPLICATION_JSON)
public class FlakyResource {

    private final InventoryService service;
    private final FlakyDependency dependency;
    private final RequestInfo requestInfo;

    FlakyResource(InventoryService service, FlakyDependency dependency, RequestInfo requestInfo) {
        this.service = service;
        this.dependency = dependency;
        this.requestInfo = requestInfo;
    }

    /** Shows that every attempt runs with the request's scope and MDC, also after a wait. */
    @GET
    @Path("/context")
    public Uni<ContextResult> context(@QueryParam("failures") @DefaultValue("0") int failures) {
        dependency.reset(failures);
        String requestId = requestInfo.id();
        MDC.put("request-id", requestId);
        List<String> seen = new CopyOnWriteArrayList<>();
        return service.stockWithContext("demo-sku", seen)
                .map(stock -> new ContextResult(requestId, seen, dependency.calls()));
    }

    @GET
    @Path("/sync")
    public FlakyResult sync(@QueryParam("failures") @DefaultValue("0") int failures,
            @QueryParam("sku") @DefaultValue("demo-sku") String sku) {
        dependency.reset(failures);
        String thread = Thread.currentThread().getName();
        return result("sync", service.stock(sku), thread);
    }

    @GET
    @Path("/uni")
    public Uni<FlakyResult> uni(@QueryParam("failures") @DefaultValue("0") int failures,
            @QueryParam("sku") @DefaultValue("demo-sku") String sku) {
        dependency.reset(failures);
        String thread = Thread.currentThread().getName();
        return service.stockUni(sku).map(stock -> result("uni", stock, thread));
    }

    @GET
    @Path("/completion-stage")
    public CompletionStage<FlakyResult> completionStage(@QueryParam("failures") @DefaultValue("0") int failures,
            @QueryParam("sku") @DefaultValue("demo-sku") String sku) {
        dependency.reset(failures);
        String thread = Thread.currentThread().getName();
        return service.stockCompletionStage(sku).thenApply(stock -> result("completion-stage", stock, thread));
    }

    /** Named policy {@code fast}: 5 attempts, 10 ms base delay. */
    @GET
    @Path("/fast")
    public FlakyResult fast(@QueryParam("failures") @DefaultValue("0") int failures,
            @QueryParam("sku") @DefaultValue("demo-sku") String sku) {
        dependency.reset(failures);
        String thread = Thread.currentThread().getName();
        return result("fast", service.stockFast(sku), thread);
    }

    /** {@code quantity < 1} fails with {@link InvalidRequestException}, which {@code abort-on} never retries. */
    @GET
    @Path("/reserve")
    public FlakyResult reserve(@QueryParam("failures") @DefaultValue("0") int failures,
            @QueryParam("sku") @DefaultValue("demo-sku") String sku,
            @QueryParam("quantity") @DefaultValue("1") int quantity) {
        dependency.reset(failures);
        String thread = Thread.currentThread().getName();
        return result("reserve", service.reserve(sku, quantity), thread);
    }

    /** Current state of the dependency: injected failures and calls made since the last reset. */
    @GET
    @Path("/state")
    public DependencyState state() {
        return new DependencyState(dependency.failures(), dependency.calls());
    }

    /** Clears the injected failures and the call counter. */
    @POST
    @Path("/reset")
    public DependencyState reset() {
        dependency.reset(0);
        return state();
    }

    private FlakyResult result(String shape, String value, String thread) {
        return new FlakyResult(shape, value, dependency.calls(), thread);
    }
}
