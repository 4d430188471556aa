package io.quarkiverse.retry.test.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Every PromQL query of the docs (the Grafana dashboard and the metrics page) names metrics, and labels of them, that
 * a scrape of an application with a shared budget, a budget of its own and a breaker really has.
 */
class DashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\bretry_[a-z_]+\\b");
    private static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_]+)\\s*(?:=~|!~|!=|=)");
    private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    private static final Pattern PROMQL_BLOCK = Pattern.compile("\\[source,promql]\\n----\\n(.*?)\\n----",
            Pattern.DOTALL);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class, Scrape.class, Scrape.Sample.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=0
                            quarkus.retry.guarded.circuit-breaker.enabled=true
                            quarkus.retry.guarded.budget.shared=false
                            """), "application.properties"));

    @Inject
    Service service;

    @Test
    void everyQueryNamesExportedMetricsAndLabels() throws IOException {
        service.flaky();
        service.guarded();
        Scrape scrape = Scrape.now();

        List<String> queries = new ArrayList<>(dashboardQueries());
        queries.addAll(pageQueries());
        assertThat(queries).hasSizeGreaterThan(15);
        Set<String> used = new LinkedHashSet<>();
        for (String query : queries) {
            used.addAll(check(query, scrape));
        }
        // the dashboard and the page show every meter the extension has
        assertThat(used).contains("retry_calls_total", "retry_retries_total", "retry_call_attempts_max",
                "retry_call_attempts_sum", "retry_call_attempts", "retry_delay_seconds_sum",
                "retry_delay_seconds_count", "retry_budget_available", "retry_budget_denied_total",
                "retry_budget_deposits_total", "retry_circuitbreaker_state", "retry_circuitbreaker_transitions_total",
                "retry_circuitbreaker_calls_total");
    }

    @Test
    void theCheckCatchesAMistake() {
        Scrape scrape = Scrape.now();
        assertThatThrownBy(() -> check("sum(rate(retry_call_total[5m]))", scrape)).hasMessageContaining(
                "retry_call_total");
        assertThatThrownBy(() -> check("sum by (methods) (rate(retry_calls_total[5m]))", scrape))
                .hasMessageContaining("methods");
        assertThatThrownBy(() -> check("retry_budget_available{policy=\"x\"}", scrape)).hasMessageContaining("policy");
    }

    /** Checks one query; returns the metrics it names. */
    private static Set<String> check(String query, Scrape scrape) {
        Set<String> metrics = new LinkedHashSet<>();
        Matcher metric = METRIC.matcher(query);
        while (metric.find()) {
            metrics.add(metric.group());
        }
        if (metrics.isEmpty()) {
            throw new AssertionError("No retry metric in: " + query);
        }
        Set<String> labels = new LinkedHashSet<>();
        for (String name : metrics) {
            List<Scrape.Sample> samples = scrape.find(name);
            if (samples.isEmpty()) {
                throw new AssertionError(name + " (in " + query + ") is not exported; the scrape has: " + scrape.names());
            }
            samples.forEach(sample -> labels.addAll(sample.labels().keySet()));
        }
        List<String> named = new ArrayList<>();
        Matcher selector = SELECTOR.matcher(query);
        while (selector.find()) {
            Matcher matcher = MATCHER.matcher(selector.group(1));
            while (matcher.find()) {
                named.add(matcher.group(1));
            }
        }
        Matcher by = BY.matcher(query);
        while (by.find()) {
            for (String label : by.group(1).split(",")) {
                named.add(label.trim());
            }
        }
        for (String label : named) {
            if (!labels.contains(label)) {
                throw new AssertionError("Label " + label + " (in " + query + ") is not a label of " + metrics
                        + ", which have " + labels);
            }
        }
        return metrics;
    }

    private static List<String> dashboardQueries() throws IOException {
        JsonObject dashboard = new JsonObject(Files.readString(Path.of(System.getProperty("quarkus-retry.dashboard"))));
        List<String> queries = new ArrayList<>();
        for (Object panel : dashboard.getJsonArray("panels")) {
            JsonArray targets = ((JsonObject) panel).getJsonArray("targets");
            assertThat(targets).as(((JsonObject) panel).getString("title")).isNotEmpty();
            for (Object target : targets) {
                queries.add(((JsonObject) target).getString("expr"));
            }
        }
        for (Object variable : dashboard.getJsonObject("templating").getJsonArray("list")) {
            // a query variable's query is an object; the data source variable's a plain string
            if (((JsonObject) variable).getValue("query") instanceof JsonObject query) {
                queries.add(query.getString("query").replaceAll("label_values\\((\\w+), (\\w+)\\)",
                        "count by ($2) ($1)"));
            }
        }
        return queries;
    }

    private static List<String> pageQueries() throws IOException {
        String page = Files.readString(Path.of(System.getProperty("quarkus-retry.metrics-page")));
        List<String> queries = new ArrayList<>();
        Matcher block = PROMQL_BLOCK.matcher(page);
        while (block.find()) {
            queries.add(block.group(1));
        }
        return queries;
    }

    @Singleton
    public static class Service {
        int calls;

        @WithRetry
        public String flaky() {
            if (calls++ == 0) {
                throw new IllegalStateException("once");
            }
            return "ok";
        }

        @WithRetry("guarded")
        public String guarded() {
            return "ok";
        }
    }
}
