package io.storeorchestrator.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.storeorchestrator.deploy.Yaml.list;
import static io.storeorchestrator.deploy.Yaml.text;

/** The dashboards and the rule file, and the queries in them. */
final class MonitoringFiles {

    private MonitoringFiles() {
    }

    static JsonNode rules() {
        return Yaml.parse(Repository.read(Repository.RULES));
    }

    static List<JsonNode> alertRules() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode group : list(rules().path("groups"))) {
            list(group.path("rules")).stream().filter(r -> r.has("alert")).forEach(out::add);
        }
        return out;
    }

    static List<String> recordingRuleNames() {
        List<String> out = new ArrayList<>();
        for (JsonNode group : list(rules().path("groups"))) {
            list(group.path("rules")).stream().filter(r -> r.has("record")).forEach(r -> out.add(text(r, "record")));
        }
        return out;
    }

    /** Rule name (alert or record) → its expression. */
    static Map<String, String> ruleExpressions() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode group : list(rules().path("groups"))) {
            for (JsonNode rule : list(group.path("rules"))) {
                out.put(rule.has("alert") ? text(rule, "alert") : text(rule, "record"), text(rule, "expr"));
            }
        }
        return out;
    }

    static Map<String, JsonNode> dashboards() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Repository.DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                out.put(file.getFileName().toString(), Yaml.json(Repository.read(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : list(dashboard.path("panels"))) {
            out.add(panel);
            out.addAll(list(panel.path("panels")));
        }
        return out;
    }

    /** Where → PromQL, for every Prometheus query of a dashboard: panel targets and query variables. */
    static Map<String, String> promQueries(String file, JsonNode dashboard) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : list(panel.path("targets"))) {
                if (target.has("expr")) {
                    out.put(file + " / " + text(panel, "title") + " / " + text(target, "refId"), text(target, "expr"));
                }
            }
        }
        for (JsonNode variable : list(dashboard.path("templating").path("list"))) {
            if ("query".equals(text(variable, "type")) && "prometheus".equals(text(variable, "datasource", "type"))) {
                JsonNode query = variable.path("query");
                out.put(file + " / $" + text(variable, "name"), query.isObject() ? text(query, "query") : query.asText());
            }
        }
        return out;
    }

    /** Where → SQL, for every PostgreSQL query of a dashboard. */
    static Map<String, String> sqlQueries(String file, JsonNode dashboard) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : list(panel.path("targets"))) {
                if (target.has("rawSql")) {
                    out.put(file + " / " + text(panel, "title"), text(target, "rawSql"));
                }
            }
        }
        for (JsonNode variable : list(dashboard.path("templating").path("list"))) {
            if ("query".equals(text(variable, "type")) && text(variable, "datasource", "type") != null
                    && text(variable, "datasource", "type").contains("postgres")) {
                out.put(file + " / $" + text(variable, "name"), variable.path("query").asText());
            }
        }
        return out;
    }
}
