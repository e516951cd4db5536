package io.storeorchestrator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static io.storeorchestrator.deploy.Yaml.at;
import static org.assertj.core.api.Assertions.assertThat;

/** Pods roll when what they read changes: their own ConfigMap, or the credentials Secret. */
class ChartChecksumTest {

    private static final String API = "so-store-orchestrator-api";
    private static final String WORKER = "so-store-orchestrator-worker";
    private static final String REAPER = "so-store-orchestrator-reaper";

    @Test
    void everyDeploymentCarriesBothChecksums() {
        for (JsonNode deployment : Chart.render(Chart.Scenario.DEFAULT).ofKind("Deployment")) {
            JsonNode annotations = at(deployment, "spec", "template", "metadata", "annotations");
            assertThat(annotations.path("checksum/config").asText()).matches("[0-9a-f]{64}");
            assertThat(annotations.path("checksum/secret").asText()).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void aWorkerSettingRollsTheWorkersOnly() {
        Map<String, String> before = checksums(Chart.render(), "checksum/config");
        Map<String, String> after = checksums(Chart.render(Map.of("worker.concurrency", 9)), "checksum/config");
        assertThat(after.get(WORKER)).isNotEqualTo(before.get(WORKER));
        assertThat(after.get(API)).isEqualTo(before.get(API));
        assertThat(after.get(REAPER)).isEqualTo(before.get(REAPER));
    }

    @Test
    void aSharedSettingRollsEveryComponent() {
        Map<String, String> before = checksums(Chart.render(), "checksum/config");
        Map<String, String> after = checksums(Chart.render(Map.of("rabbitmq.host", "rabbitmq.other")), "checksum/config");
        before.forEach((deployment, sum) -> assertThat(after.get(deployment)).as(deployment).isNotEqualTo(sum));
    }

    @Test
    void aNewPasswordOrAnotherSecretRollsEveryComponent() {
        Map<String, String> before = checksums(Chart.render(), "checksum/secret");
        for (Map<String, Object> change : new Map[]{
                Map.of("database.password", "rotated"),
                Map.of("rabbitmq.password", "rotated"),
                Map.of("database.existingSecret", "db-credentials-v2")}) {
            Map<String, String> after = checksums(Chart.render(change), "checksum/secret");
            before.forEach((deployment, sum) -> assertThat(after.get(deployment)).as(deployment + " after " + change)
                    .isNotEqualTo(sum));
        }
    }

    @Test
    void unrelatedValuesRollNothing() {
        Map<String, String> before = checksums(Chart.render(), "checksum/config");
        Map<String, String> after = checksums(Chart.render(Map.of("worker.replicas", 7, "metrics.serviceMonitor.enabled", true)),
                "checksum/config");
        assertThat(after).isEqualTo(before);
    }

    private static Map<String, String> checksums(Manifests manifests, String annotation) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode deployment : manifests.ofKind("Deployment")) {
            out.put(Manifests.name(deployment),
                    at(deployment, "spec", "template", "metadata", "annotations").path(annotation).asText());
        }
        return out;
    }
}
