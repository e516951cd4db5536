package io.storeorchestrator.deploy;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json makes a typo or a wrong type fail `helm install` (and lint, and template) up front. */
class ValuesSchemaTest {

    @Test
    void aMisspeltKeyFailsRendering() {
        assertThatThrownBy(() -> Chart.render(Repository.testValues("typo.yaml")))
                .hasMessageContaining("replica")
                .hasMessageContaining("schema");
    }

    @Test
    void aMisspeltKeyFailsLint(@TempDir Path work) {
        LintResult result = Chart.lint(Repository.testValues("typo.yaml"), work);
        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("replica");
    }

    @Test
    void aValueOfTheWrongTypeFailsRendering() {
        assertThatThrownBy(() -> Chart.render(Repository.testValues("wrong-type.yaml")))
                .hasMessageContaining("concurrency");
    }

    /** Typos in the switches operators reach for most, at every depth. */
    @ParameterizedTest
    @CsvSource({
            "metric.serviceMonitor.enabled, true, 'metric'",
            "metrics.serviceMonitor.enable, true, 'enable'",
            "metrics.prometheusRule.enable, true, 'enable'",
            "metrics.grafanaDashboards.enable, true, 'enable'",
            "networkPolicy.enable, true, 'enable'",
            "api.ingress.hosts, x.example.com, 'hosts'",
            "worker.keda.enable, true, 'enable'",
            "reaper.lease.nme, x, 'nme'",
            // Settings plans replaced: an old values file fails instead of being silently ignored.
            "worker.databaseVolumeSize, 10Gi, 'databaseVolumeSize'",
            "worker.quota.cpu, 4, 'quota'",
    })
    void unknownKeysAreRefused(String key, String value, String offending) {
        assertThatThrownBy(() -> Chart.render(Map.of(key, value)))
                .hasMessageContaining("additional properties")
                .hasMessageContaining(offending);
    }

    @ParameterizedTest
    @CsvSource({
            "worker.recheckInterval, 'thirty seconds'",
            "management.port, 70000",
            "api.storeUrlScheme, ftp",
            "database.url, 'postgres://db:5432/x'",
            "worker.driftCheckInterval, 'a minute'",
            "worker.driftCorrectionEnabled, sometimes",
            "worker.contentAccessMode, ReadWriteOncePod",
    })
    void badValuesAreRefused(String key, String value) {
        assertThatThrownBy(() -> Chart.render(Map.of(key, value))).hasMessageContaining("schema");
    }
}
