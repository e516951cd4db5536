package io.storeorchestrator.deploy;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `helm lint --strict` and `helm template` succeed with the defaults, production values and everything on. */
class ChartLintTest {

    @Test
    void chartLintsStrictlyWithItsDefaults() {
        LintResult result = Chart.lint();
        assertThat(Chart.problems(result)).as("lint messages %s", result.getMessages()).isEmpty();
        assertThat(result.isFailed()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Chart.Scenario.class, names = {"PROD", "ALL_ON"})
    void chartLintsStrictlyWithValuesFile(Chart.Scenario scenario, @TempDir Path work) {
        LintResult result = Chart.lint(scenario.valuesFile, work);
        assertThat(Chart.problems(result)).as("lint messages %s", result.getMessages()).isEmpty();
        assertThat(result.isFailed()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Chart.Scenario.class)
    void chartRendersTheThreeServices(Chart.Scenario scenario) {
        Manifests manifests = Chart.render(scenario);
        assertThat(manifests.ofKind("Deployment")).extracting(Manifests::name)
                .containsExactlyInAnyOrder("so-store-orchestrator-api", "so-store-orchestrator-worker",
                        "so-store-orchestrator-reaper");
    }

    @Test
    void everyOptionalObjectRendersWhenEverythingIsOn() {
        Manifests all = Chart.render(Chart.Scenario.ALL_ON);
        assertThat(all.ofKind("ServiceMonitor")).hasSize(3);
        assertThat(all.ofKind("PrometheusRule")).hasSize(1);
        assertThat(all.ofKind("ScaledObject")).hasSize(1);
        assertThat(all.ofKind("TriggerAuthentication")).hasSize(1);
        assertThat(all.ofKind("HorizontalPodAutoscaler")).hasSize(1);
        assertThat(all.ofKind("PodDisruptionBudget")).hasSize(3);
        assertThat(all.ofKind("NetworkPolicy")).hasSize(3);
        assertThat(all.ofKind("Ingress")).hasSize(1);
        assertThat(all.ofKind("ConfigMap")).extracting(Manifests::name)
                .contains("so-store-orchestrator-dashboard-platform-overview",
                        "so-store-orchestrator-dashboard-store-drilldown");
    }

    @Test
    void monitoringObjectsAreOffByDefault() {
        Manifests defaults = Chart.render(Chart.Scenario.DEFAULT);
        assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();
        assertThat(defaults.ofKind("PrometheusRule")).isEmpty();
        assertThat(defaults.ofKind("NetworkPolicy")).isEmpty();
        assertThat(defaults.ofKind("ConfigMap")).extracting(Manifests::name)
                .noneMatch(name -> name.contains("dashboard"));
    }
}
