package io.storeorchestrator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.storeorchestrator.deploy.Yaml.list;
import static io.storeorchestrator.deploy.Yaml.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboards: importable anywhere, provisioned by the chart as they are, queries that can work. */
class DashboardsTest {

    @Test
    void thereAreAnOverviewAndAPerStoreDashboard() {
        assertThat(MonitoringFiles.dashboards()).containsKeys("platform-overview.json", "store-drilldown.json");
    }

    @Test
    void dashboardsAreWellFormedAndBoundToNoParticularDataSource() {
        Set<String> uids = new HashSet<>();
        MonitoringFiles.dashboards().forEach((file, dashboard) -> {
            assertThat(uids.add(text(dashboard, "uid"))).as(file + " uid unique").isTrue();
            assertThat(text(dashboard, "title")).as(file).startsWith("Store Orchestrator");
            Set<Integer> ids = new HashSet<>();
            Set<String> variables = new TreeSet<>();
            list(dashboard.path("templating").path("list")).forEach(v -> variables.add(text(v, "name")));
            assertThat(variables).as(file).contains("datasource", "namespace");
            for (JsonNode panel : MonitoringFiles.panels(dashboard)) {
                String where = file + " / " + text(panel, "title");
                assertThat(ids.add(panel.path("id").asInt())).as(where + " id unique").isTrue();
                JsonNode pos = panel.path("gridPos");
                assertThat(pos.path("x").asInt() + pos.path("w").asInt()).as(where + " fits 24 columns")
                        .isLessThanOrEqualTo(24);
                for (JsonNode target : list(panel.path("targets"))) {
                    // A data source variable, never a uid of somebody's Grafana: the file imports anywhere.
                    assertThat(text(target, "datasource", "uid")).as(where).isIn("${datasource}", "${postgres}");
                    if (target.has("expr")) {
                        assertThat(text(target, "expr")).as(where + " scoped to the installation")
                                .contains("namespace=\"$namespace\"");
                    }
                }
            }
        });
    }

    @Test
    void theChartProvisionsEachDashboardFileUnchangedWithTheSidecarLabel() throws IOException {
        Manifests manifests = Chart.render(Chart.Scenario.ALL_ON);
        try (Stream<Path> files = Files.list(Repository.DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                String name = file.getFileName().toString();
                JsonNode configMap = manifests.get("ConfigMap",
                        "so-store-orchestrator-dashboard-" + name.replace(".json", ""));
                assertThat(text(configMap, "metadata", "labels", "grafana_dashboard")).isEqualTo("1");
                assertThat(text(configMap, "metadata", "namespace")).isEqualTo("monitoring");
                assertThat(text(configMap, "data", name).strip()).isEqualTo(Repository.read(file).strip());
            }
        }
        Manifests custom = Chart.render(Map.of("metrics.grafanaDashboards.enabled", true,
                "metrics.grafanaDashboards.label", "grafana_dashboards", "metrics.grafanaDashboards.labelValue", "yes"));
        assertThat(custom.ofKind("ConfigMap")).filteredOn(c -> Manifests.name(c).contains("dashboard"))
                .hasSize(2).allMatch(c -> "yes".equals(text(c, "metadata", "labels", "grafana_dashboards")));
    }

    /**
     * The per-store dashboard reads the store's timeline from PostgreSQL: every table it names is created by the
     * migrations, and every snake_case column it names is a column of one of those tables.
     */
    @Test
    void sqlQueriesUseTablesAndColumnsTheMigrationsCreate() throws IOException {
        Map<String, Set<String>> schema = schema();
        MonitoringFiles.dashboards().forEach((file, dashboard) -> MonitoringFiles.sqlQueries(file, dashboard)
                .forEach((where, sql) -> {
                    Set<String> tables = new TreeSet<>();
                    Matcher from = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([a-z_]+)").matcher(sql);
                    while (from.find()) {
                        tables.add(from.group(1));
                    }
                    assertThat(schema.keySet()).as(where).containsAll(tables);
                    Set<String> columns = new TreeSet<>();
                    tables.forEach(t -> columns.addAll(schema.get(t)));
                    Matcher word = Pattern.compile("\\b([a-z]+_[a-z_]+)\\b").matcher(sql.replaceAll("'[^']*'", "''"));
                    while (word.find()) {
                        String w = word.group(1);
                        if (!schema.containsKey(w)) {
                            assertThat(columns).as(where + " column " + w).contains(w);
                        }
                    }
                }));
    }

    /** table → columns, from CREATE TABLE and ALTER TABLE … ADD COLUMN in common's Flyway migrations. */
    private static Map<String, Set<String>> schema() throws IOException {
        Map<String, Set<String>> schema = new TreeMap<>();
        try (Stream<Path> files = Files.list(Repository.ROOT.resolve("common/src/main/resources/db/migration"))) {
            for (Path file : files.sorted().toList()) {
                String sql = Repository.read(file).replaceAll("--[^\n]*", "");
                Matcher create = Pattern.compile("(?is)CREATE TABLE\\s+(\\w+)\\s*\\((.*?)\\n\\);").matcher(sql);
                while (create.find()) {
                    Set<String> columns = schema.computeIfAbsent(create.group(1), k -> new TreeSet<>());
                    Matcher column = Pattern.compile("(?m)^\\s+([a-z_]+)\\s+[a-z]").matcher(create.group(2));
                    while (column.find()) {
                        columns.add(column.group(1));
                    }
                }
                Matcher alter = Pattern.compile("(?is)ALTER TABLE\\s+(\\w+)(.*?);").matcher(sql);
                while (alter.find()) {
                    Matcher added = Pattern.compile("(?i)ADD COLUMN\\s+(\\w+)").matcher(alter.group(2));
                    while (added.find()) {
                        schema.computeIfAbsent(alter.group(1), k -> new TreeSet<>()).add(added.group(1));
                    }
                }
            }
        }
        assertThat(schema).as("migrations parsed").containsKeys("stores", "store_events");
        assertThat(schema.get("store_events")).contains("duration_ms", "step");
        return schema;
    }
}
