package io.storeorchestrator.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** monitoring/metrics.txt: the metrics the dashboards and rules may use, with their types and labels. */
final class MetricsContract {

    /** Labels every scraped series carries (Kubernetes service discovery, and the chart's ServiceMonitor). */
    static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "service", "job", "instance");

    record Metric(String name, String type, String service, Set<String> labels) {

        /** The names the metric is scraped under. */
        List<String> seriesNames() {
            return switch (type) {
                case "histogram" -> List.of(name + "_bucket", name + "_sum", name + "_count");
                case "summary" -> List.of(name, name + "_sum", name + "_count");
                default -> List.of(name);
            };
        }

        Set<String> allowedLabels(String series) {
            Set<String> allowed = new TreeSet<>(labels);
            allowed.addAll(TARGET_LABELS);
            if (series.endsWith("_bucket")) {
                allowed.add("le");
            }
            if (type.equals("summary") && series.equals(name)) {
                allowed.add("quantile");
            }
            return allowed;
        }
    }

    private MetricsContract() {
    }

    static List<Metric> metrics() {
        List<Metric> out = new ArrayList<>();
        for (String line : Repository.read(Repository.METRICS_CONTRACT).lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.strip().split("\\s+", 5);
            if (c.length < 5) {
                throw new IllegalStateException("metrics.txt: expected name, type, service, labels, meaning: " + line);
            }
            Set<String> labels = c[3].equals("-") ? Set.of() : new TreeSet<>(Arrays.asList(c[3].split(",")));
            out.add(new Metric(c[0], c[1], c[2], labels));
        }
        return out;
    }

    /** Scraped series name → its metric. */
    static Map<String, Metric> bySeries() {
        Map<String, Metric> out = new TreeMap<>();
        for (Metric metric : metrics()) {
            metric.seriesNames().forEach(series -> out.put(series, metric));
        }
        return out;
    }
}
