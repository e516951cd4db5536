package io.storeorchestrator.common.metrics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The catalog follows Prometheus' conventions, and the two files made from it — the table in docs/operations.md and
 * monitoring/metric-names.txt, which the chart's tests read — say exactly what it says. After changing a metric, run
 * this test with {@code -Dmetrics.update=true} to rewrite both.
 */
class MetricCatalogTest {

    static final Path ROOT = Path.of("..");
    static final Path NAMES = ROOT.resolve("monitoring/metric-names.txt");
    static final Path OPERATIONS = ROOT.resolve("docs/operations.md");
    static final String BEGIN = "<!-- metrics:begin (generated from common's PlatformMetric; MetricCatalogTest checks it) -->";
    static final String END = "<!-- metrics:end -->";

    @Test
    void namesFollowPrometheusConventions() {
        for (PlatformMetric metric : PlatformMetric.values()) {
            String name = metric.prometheusName();
            assertThat(name).as(metric.name()).startsWith("store_orchestrator_").matches("[a-z][a-z0-9_]*");
            switch (metric.type()) {
                case COUNTER -> assertThat(name).endsWith("_total");
                case HISTOGRAM, SUMMARY -> assertThat(name).endsWith("_seconds");
                case GAUGE -> assertThat(name).doesNotEndWith("_total").doesNotEndWith("_count")
                        .doesNotEndWith("_sum").doesNotEndWith("_bucket");
            }
            assertThat(metric.labels()).allSatisfy(label -> assertThat(label).matches("[a-z][a-z0-9_]*"));
            assertThat(metric.help()).isNotBlank();
            assertThat(metric.services()).isNotEmpty();
        }
        assertThat(Arrays.stream(PlatformMetric.values()).map(PlatformMetric::prometheusName).distinct())
                .hasSize(PlatformMetric.values().length);
    }

    @Test
    void theNamesFileListsEveryMetricOnePerLine() throws IOException {
        String expected = names();
        if (Boolean.getBoolean("metrics.update")) {
            Files.createDirectories(NAMES.getParent());
            Files.writeString(NAMES, expected);
        }
        assertThat(Files.readString(NAMES)).as("%s (run with -Dmetrics.update=true to rewrite)", NAMES)
                .isEqualTo(expected);
    }

    @Test
    void theOperationsGuideHasTheTable() throws IOException {
        String doc = Files.readString(OPERATIONS);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            fail(OPERATIONS + " has no " + BEGIN + " ... " + END + " block");
        }
        String current = doc.substring(begin + BEGIN.length(), end);
        String expected = "\n" + table();
        if (Boolean.getBoolean("metrics.update") && !current.equals(expected)) {
            Files.writeString(OPERATIONS, doc.substring(0, begin + BEGIN.length()) + expected + doc.substring(end));
            current = expected;
        }
        assertThat(current).as("the metrics table of %s (run with -Dmetrics.update=true to rewrite)", OPERATIONS)
                .isEqualTo(expected);
    }

    static String names() {
        return Arrays.stream(PlatformMetric.values()).map(PlatformMetric::prometheusName)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    static String table() {
        StringBuilder table = new StringBuilder("| metric | type | service | labels | meaning |\n| --- | --- | --- | --- | --- |\n");
        for (PlatformMetric metric : PlatformMetric.values()) {
            table.append("| `").append(metric.prometheusName()).append("` | ").append(metric.type().prometheus())
                    .append(" | ").append(metric.services().stream().map(PlatformMetric.Service::id)
                            .collect(Collectors.joining(", ")))
                    .append(" | ").append(metric.labels().isEmpty() ? "—" : metric.labels().stream()
                            .map(l -> "`" + l + "`").collect(Collectors.joining(", ")))
                    .append(" | ").append(metric.help().replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }
}
