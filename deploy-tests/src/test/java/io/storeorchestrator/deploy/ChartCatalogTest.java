package io.storeorchestrator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.common.catalog.Plan;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.storeorchestrator.common.domain.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.storeorchestrator.deploy.Manifests.containers;
import static io.storeorchestrator.deploy.Manifests.podSpec;
import static io.storeorchestrator.deploy.Yaml.at;
import static io.storeorchestrator.deploy.Yaml.list;
import static io.storeorchestrator.deploy.Yaml.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The chart's {@code catalog} values are the store catalog (plans and engine versions) of the API and the workers:
 * a ConfigMap mounted read-only where STORE_CATALOG_FILE points, whose defaults are exactly the catalog the services
 * ship, and which the values schema checks before anything is applied.
 */
class ChartCatalogTest {

    private static final String CATALOG = "so-store-orchestrator-catalog";
    private static final String API = "so-store-orchestrator-api";
    private static final String WORKER = "so-store-orchestrator-worker";
    private static final String REAPER = "so-store-orchestrator-reaper";

    /** One source of truth: an operator who installs the chart as it is gets exactly the shipped catalog. */
    @ParameterizedTest
    @EnumSource(value = Chart.Scenario.class, names = {"DEFAULT", "PROD"})
    void theDefaultCatalogValuesAreExactlyTheShippedDefaults(Chart.Scenario scenario) {
        StoreCatalog rendered = catalogOf(Chart.render(scenario));
        StoreCatalog shipped = StoreCatalogLoader.defaults();
        String why = "values.yaml `catalog` must equal common/src/main/resources/store-catalog.yml: ";
        // Plan by plan and engine by engine first, so that a failure names what differs.
        assertThat(rendered.plans()).extracting(Plan::id).as(why + "plan ids")
                .containsExactlyElementsOf(shipped.plans().stream().map(Plan::id).toList());
        shipped.plans().forEach(plan -> assertThat(rendered.plan(plan.id())).as(why + "plan " + plan.id())
                .contains(plan));
        assertThat(rendered.engines().keySet()).as(why + "engines").isEqualTo(shipped.engines().keySet());
        shipped.engines().forEach((engine, offer) -> assertThat(rendered.offer(engine)).as(why + engine.id())
                .contains(offer));
        assertThat(rendered).as(why + "the whole catalog").isEqualTo(shipped);
    }

    @Test
    void theApiTheWorkersAndTheReaperReadTheCatalogFromTheMountedConfigMap() {
        Manifests manifests = Chart.render(Chart.Scenario.DEFAULT);
        // The reaper reads it for the plans' backup schedules (issue 11).
        for (String deployment : List.of(API, WORKER, REAPER)) {
            JsonNode workload = manifests.get("Deployment", deployment);
            JsonNode volume = list(podSpec(workload).path("volumes")).stream()
                    .filter(v -> CATALOG.equals(text(v, "configMap", "name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(deployment + " does not mount " + CATALOG));
            JsonNode container = containers(workload).getFirst();
            JsonNode mount = list(container.path("volumeMounts")).stream()
                    .filter(m -> text(volume, "name").equals(text(m, "name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(deployment + " has the catalog volume but no mount"));
            assertThat(mount.path("readOnly").asBoolean()).as(deployment + " mounts it read-only").isTrue();
            String file = manifests.get("ConfigMap", deployment).path("data").path("STORE_CATALOG_FILE").asText();
            assertThat(file).as(deployment + " STORE_CATALOG_FILE").isEqualTo(text(mount, "mountPath") + "/catalog.yml");
            assertThat(manifests.get("ConfigMap", CATALOG).path("data").has("catalog.yml")).isTrue();
        }
    }

    @Test
    void aCatalogChangeRollsEveryComponentThatReadsIt() {
        Map<String, String> before = checksums(Chart.render());
        Map<String, String> after = checksums(Chart.render(Map.of("catalog.defaultPlan", "medium")));
        assertThat(before.get(API)).matches("[0-9a-f]{64}");
        assertThat(after.get(API)).isNotEqualTo(before.get(API));
        assertThat(after.get(WORKER)).isNotEqualTo(before.get(WORKER));
        assertThat(after.get(REAPER)).isNotEqualTo(before.get(REAPER));
    }

    /** What an operator writes is what the services load: a whole catalog of their own, through Helm's toYaml. */
    @Test
    void anOperatorsCatalogReachesTheServicesAsWritten(@TempDir Path dir) throws IOException {
        Path values = dir.resolve("catalog.yaml");
        Files.writeString(values, """
                catalog:
                  defaultPlan: shop
                  plans:
                    - id: shop
                      description: The only size
                      quota: {cpu: 3, memory: 6Gi, pods: 12, pvcs: 2, storage: 30Gi}
                      app: {cpuRequest: 200m, memoryRequest: 384Mi, cpuLimit: 1500m, memoryLimit: 1536Mi}
                      database: {cpuRequest: 200m, memoryRequest: 384Mi, cpuLimit: "1", memoryLimit: 2Gi}
                      databaseVolumeSize: 15Gi
                      appReplicas: 2
                  engines:
                    woocommerce:
                      defaultVersion: "6.10"
                      versions:
                        - {version: "6.10", image: "registry.example.com/wordpress:6.10"}
                    medusa: null
                """);

        StoreCatalog catalog = catalogOf(Chart.render(values));

        assertThat(catalog.defaultPlan()).isEqualTo("shop");
        assertThat(catalog.plan("shop")).hasValueSatisfying(plan -> {
            assertThat(plan.quota().cpu()).isEqualTo("3");
            assertThat(plan.quota().pods()).isEqualTo(12);
            assertThat(plan.app().memoryLimit()).isEqualTo("1536Mi");
            assertThat(plan.appReplicas()).isEqualTo(2);
            // Written before plans had one: WooCommerce stores still get a content volume, of the default size.
            assertThat(plan.contentVolumeSize()).isEqualTo(Plan.DEFAULT_CONTENT_VOLUME_SIZE).isEqualTo("1Gi");
        });
        assertThat(catalog.version(Engine.WOOCOMMERCE, null)).hasValueSatisfying(version ->
                assertThat(version.image()).isEqualTo("registry.example.com/wordpress:6.10"));
        assertThat(catalog.offer(Engine.MEDUSA)).as("an engine set to null is not offered").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("badCatalogs")
    void aBadCatalogFailsTheSchema(String values, String offending, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad-catalog.yaml");
        Files.writeString(file, values);
        assertThatThrownBy(() -> Chart.render(file)).hasMessageContaining("schema").hasMessageContaining(offending);
    }

    static Stream<Arguments> badCatalogs() {
        String plan = """
                    - id: %s
                      quota: {cpu: "2", memory: 4Gi, pods: %s, pvcs: 2, storage: 10Gi}
                      app: {cpuRequest: 100m, memoryRequest: 256Mi, cpuLimit: 500m, memoryLimit: %s}
                      database: {cpuRequest: 100m, memoryRequest: 256Mi, cpuLimit: 500m, memoryLimit: 1Gi}
                      databaseVolumeSize: 2Gi
                      appReplicas: %s
                """;
        return Stream.of(
                arguments("catalog:\n  plans:\n" + plan.formatted("small", 10, "1Gi", 0), "appReplicas"),
                arguments("catalog:\n  plans:\n" + plan.formatted("small", "many", "1Gi", 1), "pods"),
                arguments("catalog:\n  plans:\n" + plan.formatted("small", 10, "a lot", 1), "memoryLimit"),
                arguments("catalog:\n  plans:\n" + plan.formatted("Small Plan", 10, "1Gi", 1), "id"),
                arguments("catalog:\n  plans:\n" + plan.formatted("small", 10, "1Gi", 1).replace(
                        "      appReplicas", "      replicas: 2\n      appReplicas"), "replicas"),
                arguments("catalog:\n  plans:\n" + plan.formatted("small", 10, "1Gi", 1).replace(
                        "      appReplicas", "      contentVolumeSize: lots\n      appReplicas"), "contentVolumeSize"),
                arguments("catalog:\n  plans: []\n", "plans"),
                arguments("catalog:\n  engines:\n    woocommerce:\n      versions: []\n", "versions"),
                arguments("catalog:\n  engines:\n    woocommerce:\n      versions:\n        - {version: 6.6, image: x}\n",
                        "version"),
                arguments("catalog:\n  engines:\n    woocommerce:\n      versions:\n        - {version: \"7.0\"}\n",
                        "image"),
                arguments("catalog:\n  engines:\n    magento:\n      versions:\n        - {version: \"2\", image: x}\n",
                        "magento"));
    }

    /** The schema's engine names are the engines there are: adding one fails here until the schema knows it. */
    @Test
    void theSchemaKnowsEveryEngine() {
        JsonNode schema = Yaml.json(Repository.read(Repository.CHART.resolve("values.schema.json")));
        JsonNode names = at(schema, "properties", "catalog", "properties", "engines", "propertyNames", "enum");
        assertThat(list(names)).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(Arrays.stream(Engine.values()).map(Engine::id).toArray(String[]::new));
    }

    private static StoreCatalog catalogOf(Manifests manifests) {
        String file = text(manifests.get("ConfigMap", CATALOG), "data", "catalog.yml");
        return StoreCatalogLoader.parse(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), CATALOG);
    }

    /** checksum/catalog of each Deployment; empty where there is none. */
    private static Map<String, String> checksums(Manifests manifests) {
        return Map.of(API, checksum(manifests, API), WORKER, checksum(manifests, WORKER), REAPER,
                checksum(manifests, REAPER));
    }

    private static String checksum(Manifests manifests, String deployment) {
        return Optional.ofNullable(text(manifests.get("Deployment", deployment),
                "spec", "template", "metadata", "annotations", "checksum/catalog")).orElse("");
    }
}
