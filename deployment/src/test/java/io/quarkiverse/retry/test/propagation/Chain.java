package io.quarkiverse.retry.test.propagation;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkiverse.retry.WithRetry;
import io.smallrye.mutiny.Uni;

/**
 * Three services in a chain in one application, over real HTTP on loopback: {@code /chain/a} calls
 * {@code /chain/b}, which calls {@code /chain/c}, which calls {@code /chain/dependency}; each call goes through a REST
 * client interface with {@code @WithRetry}. The dependency always answers 503 and counts the requests that reach it.
 * The same chain exists with {@code Uni} endpoints and client methods under {@code /chain/uni/...}.
 */
final class Chain {

    private Chain() {
    }

    static final AtomicInteger DEPENDENCY_REQUESTS = new AtomicInteger();

    static final String CONFIG = """
            quarkus.retry.max-attempts=3
            quarkus.retry.base-delay=1ms
            quarkus.retry.jitter=none
            quarkus.retry.budget.enabled=false
            quarkus.rest-client.chain-b.url=http://localhost:${quarkus.http.test-port:8081}
            quarkus.rest-client.chain-c.url=http://localhost:${quarkus.http.test-port:8081}
            quarkus.rest-client.chain-dependency.url=http://localhost:${quarkus.http.test-port:8081}
            """;

    static final Class<?>[] CLASSES = { Chain.class, Endpoints.class, BClient.class, CClient.class,
            DependencyClient.class };

    @Path("/chain")
    public static class Endpoints {

        @Inject
        @RestClient
        BClient b;

        @Inject
        @RestClient
        CClient c;

        @Inject
        @RestClient
        DependencyClient dependency;

        @GET
        @Path("/a")
        public String a() {
            return "a(" + b.get() + ")";
        }

        @GET
        @Path("/b")
        public String b() {
            return "b(" + c.get() + ")";
        }

        @GET
        @Path("/c")
        public String c() {
            return "c(" + dependency.get() + ")";
        }

        @GET
        @Path("/uni/a")
        public Uni<String> uniA() {
            return b.getUni().map(s -> "a(" + s + ")");
        }

        @GET
        @Path("/uni/b")
        public Uni<String> uniB() {
            return c.getUni().map(s -> "b(" + s + ")");
        }

        @GET
        @Path("/uni/c")
        public Uni<String> uniC() {
            return dependency.getUni().map(s -> "c(" + s + ")");
        }

        @GET
        @Path("/dependency")
        public Response dependency() {
            DEPENDENCY_REQUESTS.incrementAndGet();
            return Response.status(503).entity("down").build();
        }

        @GET
        @Path("/uni/dependency")
        public Response uniDependency() {
            return dependency();
        }
    }

    @RegisterRestClient(configKey = "chain-b")
    @Path("/chain")
    @WithRetry
    public interface BClient {
        @GET
        @Path("/b")
        String get();

        @GET
        @Path("/uni/b")
        Uni<String> getUni();
    }

    @RegisterRestClient(configKey = "chain-c")
    @Path("/chain")
    @WithRetry
    public interface CClient {
        @GET
        @Path("/c")
        String get();

        @GET
        @Path("/uni/c")
        Uni<String> getUni();
    }

    @RegisterRestClient(configKey = "chain-dependency")
    @Path("/chain")
    @WithRetry
    public interface DependencyClient {
        @GET
        @Path("/dependency")
        String get();

        @GET
        @Path("/uni/dependency")
        Uni<String> getUni();
    }
}
