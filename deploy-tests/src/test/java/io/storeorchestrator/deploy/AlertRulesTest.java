package io.storeorchestrator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.storeorchestrator.deploy.Yaml.list;
import static io.storeorchestrator.deploy.Yaml.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The alert rules: every alert is documented (runbook section), unit-tested (promtool), and the chart's
 * PrometheusRule is the plain rule file.
 */
class AlertRulesTest {

    private static final String RUNBOOK_BASE =
            "https://github.com/store-orchestrator/store-orchestrator/blob/main/docs/operations.md";

    @Test
    void everyAlertHasSeveritySummaryDescriptionAndARunbookSectionThatExists() {
        Set<String> anchors = headingAnchors(Repository.read(Repository.OPERATIONS_DOC));
        List<JsonNode> alerts = MonitoringFiles.alertRules();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        for (JsonNode alert : alerts) {
            String name = text(alert, "alert");
            assertThat(text(alert, "labels", "severity")).as(name).isIn("critical", "warning", "info");
            assertThat(text(alert, "annotations", "summary")).as(name).isNotBlank();
            assertThat(text(alert, "annotations", "description")).as(name).isNotBlank();
            String runbook = text(alert, "annotations", "runbook_url");
            assertThat(runbook).as(name).startsWith(RUNBOOK_BASE + "#");
            String anchor = runbook.substring(runbook.indexOf('#') + 1);
            assertThat(anchor).as(name + " runbook anchor is the alert's own section").isEqualTo(name.toLowerCase(Locale.ROOT));
            assertThat(anchors).as(name + ": docs/operations.md has a section #" + anchor).contains(anchor);
        }
    }

    @Test
    void everyAlertHasAPromtoolUnitTestThatMakesItFire() {
        JsonNode tests = Yaml.parse(Repository.read(Repository.RULE_TESTS));
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : list(tests.path("tests"))) {
            for (JsonNode check : list(test.path("alert_rule_test"))) {
                (list(check.path("exp_alerts")).isEmpty() ? quiet : firing).add(text(check, "alertname"));
            }
        }
        Set<String> alerts = new TreeSet<>();
        MonitoringFiles.alertRules().forEach(a -> alerts.add(text(a, "alert")));
        assertThat(firing).as("alerts with a unit test in which they fire").isEqualTo(alerts);
        assertThat(quiet).as("alerts with a unit test in which they stay quiet").isEqualTo(alerts);
    }

    @Test
    void thePrometheusRuleIsThePlainRuleFile() {
        JsonNode expected = MonitoringFiles.rules().path("groups");
        assertThat(Chart.render(Chart.Scenario.DEFAULT).ofKind("PrometheusRule")).as("off by default").isEmpty();

        JsonNode rule = Chart.render(java.util.Map.of("metrics.prometheusRule.enabled", true)).ofKind("PrometheusRule")
                .getFirst();
        assertThat(rule.path("spec").path("groups")).isEqualTo(expected);
    }

    @Test
    void alertLabelsAndTheRunbookBaseUrlAreApplied() {
        JsonNode groups = Chart.render(Chart.Scenario.ALL_ON).ofKind("PrometheusRule").getFirst().path("spec").path("groups");
        JsonNode expected = MonitoringFiles.rules().path("groups").deepCopy();
        for (JsonNode group : list(expected)) {
            for (JsonNode r : list(group.path("rules"))) {
                if (r.has("alert")) {
                    ((ObjectNode) r.path("labels")).put("team", "platform");
                    ObjectNode annotations = (ObjectNode) r.path("annotations");
                    annotations.put("runbook_url", text(annotations, "runbook_url")
                            .replace(RUNBOOK_BASE, "https://wiki.example.com/store-orchestrator/operations"));
                }
            }
        }
        assertThat(groups).isEqualTo(expected);
    }

    @Test
    void promtoolChecksTheRules() throws Exception {
        Path promtool = promtool();
        String out = run(promtool.toString(), "check", "rules", Repository.RULES.toString());
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void promtoolUnitTestsPass() throws Exception {
        Path promtool = promtool();
        String out = run(promtool.toString(), "test", "rules", Repository.RULE_TESTS.toString());
        assertThat(out).contains("SUCCESS");
    }

    private static Path promtool() {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
        assumeTrue(found.isPresent(), "promtool is not installed, so the alert rules are not checked or unit-tested "
                + "here: `apt-get install prometheus` (Debian) enables these tests; .ci/run installs it");
        return found.get();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }

    /** GitHub's anchors for the Markdown headings: lower case, punctuation dropped, spaces to dashes. */
    static Set<String> headingAnchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$").matcher(markdown);
        while (m.find()) {
            anchors.add(m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
