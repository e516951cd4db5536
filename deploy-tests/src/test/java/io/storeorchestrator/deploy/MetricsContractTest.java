package io.storeorchestrator.deploy;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every metric a dashboard or an alert rule uses is in the contract (monitoring/metrics.txt), with labels it has; every
 * metric of the contract is used. With -Dmetrics.scrape=URL-or-file,... the contract is also checked against real
 * scrapes of the services.
 */
class MetricsContractTest {

    /** Where → PromQL, for every dashboard query and every rule. */
    private static Map<String, String> allQueries() {
        Map<String, String> queries = new LinkedHashMap<>();
        MonitoringFiles.dashboards().forEach((file, d) -> queries.putAll(MonitoringFiles.promQueries(file, d)));
        MonitoringFiles.ruleExpressions().forEach((rule, expr) -> queries.put("rule " + rule, expr));
        return queries;
    }

    @Test
    void everyMetricUsedIsInTheContract() {
        Map<String, MetricsContract.Metric> contract = MetricsContract.bySeries();
        Set<String> recorded = new TreeSet<>(MonitoringFiles.recordingRuleNames());
        SoftAssertions soft = new SoftAssertions();
        allQueries().forEach((where, expr) -> {
            Set<String> names = PromQl.metricNames(expr);
            soft.assertThat(names).as(where + ": selects some metric").isNotEmpty();
            for (String name : names) {
                soft.assertThat(contract.containsKey(name) || recorded.contains(name))
                        .as(where + ": " + name + " is not in metrics.txt (nor a recording rule)").isTrue();
            }
        });
        soft.assertAll();
    }

    @Test
    void labelsMatchedOrGroupedOnAreLabelsTheMetricHas() {
        Map<String, MetricsContract.Metric> contract = MetricsContract.bySeries();
        SoftAssertions soft = new SoftAssertions();
        allQueries().forEach((where, expr) -> {
            PromQl.matchedLabels(expr).forEach((series, labels) -> {
                MetricsContract.Metric metric = contract.get(series);
                if (metric != null) {
                    soft.assertThat(metric.allowedLabels(series)).as(where + ": labels of " + series).containsAll(labels);
                }
            });
            Set<String> allowed = new TreeSet<>();
            PromQl.metricNames(expr).stream().map(contract::get).filter(m -> m != null)
                    .forEach(m -> m.seriesNames().forEach(s -> allowed.addAll(m.allowedLabels(s))));
            if (!allowed.isEmpty()) {
                soft.assertThat(allowed).as(where + ": grouping labels").containsAll(PromQl.groupingLabels(expr));
            }
        });
        soft.assertAll();
    }

    @Test
    void everyMetricOfTheContractIsShownOrAlertedOn() {
        Set<String> used = new TreeSet<>();
        allQueries().values().forEach(expr -> used.addAll(PromQl.metricNames(expr)));
        for (MetricsContract.Metric metric : MetricsContract.metrics()) {
            assertThat(metric.seriesNames()).as(metric.name() + " is used by a dashboard or a rule")
                    .anyMatch(used::contains);
            assertThat(metric.name()).startsWith("store_orchestrator_");
            assertThat(metric.type()).isIn("counter", "gauge", "histogram", "summary");
            if (metric.type().equals("counter")) {
                assertThat(metric.name()).endsWith("_total");
            }
            assertThat(metric.service()).isIn(Repository.SERVICES.toArray());
        }
    }

    @Test
    void thePromQlReaderFindsMetricsAndNothingElse() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le, step) (rate(a_bucket{namespace=\"$namespace\","
                + "le=~\"300|300[.]0\"}[$__rate_interval]))) / on(x) group_left(y) b_total offset 5m and c:rec > 14.4 * 0.05"))
                .containsExactlyInAnyOrder("a_bucket", "b_total", "c:rec");
        assertThat(PromQl.metricNames("label_values(store_orchestrator_stores, namespace)"))
                .containsExactly("store_orchestrator_stores");
        assertThat(PromQl.matchedLabels("max by (queue) (m{queue=~\".*[.]dead\", namespace=\"x\"})"))
                .containsEntry("m", Set.of("queue", "namespace"));
    }

    /**
     * The chart's contract names exactly the metrics of the services' catalog ({@code monitoring/metric-names.txt},
     * generated from common's {@code PlatformMetric} and checked against real scrapes by the end-to-end tests), so
     * a dashboard or rule can only use a metric some service really exports.
     */
    @Test
    void theContractIsTheServicesCatalog() throws IOException {
        Set<String> catalog = new TreeSet<>(java.nio.file.Files.readAllLines(
                        Repository.ROOT.resolve("monitoring/metric-names.txt")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
        Set<String> contract = new TreeSet<>(MetricsContract.metrics().stream().map(MetricsContract.Metric::name)
                .toList());
        assertThat(contract).isEqualTo(catalog);
    }

    /**
     * Against the services' real scrapes (exposition text from URLs or files): run with
     * {@code -Dmetrics.scrape=http://localhost:8080/prometheus,http://localhost:8081/prometheus,...}.
     */
    @Test
    void everyMetricOfTheContractIsInTheServicesScrapes() throws Exception {
        String sources = System.getProperty("metrics.scrape", "");
        assumeTrue(!sources.isBlank(), "no -Dmetrics.scrape=<url-or-file,...> given: the contract is checked against "
                + "real scrapes by the services' own tests");
        Set<String> scraped = new TreeSet<>();
        for (String source : sources.split(",")) {
            scraped.addAll(seriesNames(read(source.strip())));
        }
        for (MetricsContract.Metric metric : MetricsContract.metrics()) {
            assertThat(scraped).as(metric.name() + " scraped").containsAll(metric.seriesNames());
        }
    }

    private static String read(String source) throws IOException, InterruptedException {
        if (source.startsWith("http")) {
            try (HttpClient client = HttpClient.newHttpClient()) {
                return client.send(HttpRequest.newBuilder(URI.create(source)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            }
        }
        return Files.readString(Path.of(source));
    }

    static Set<String> seriesNames(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(exposition);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
