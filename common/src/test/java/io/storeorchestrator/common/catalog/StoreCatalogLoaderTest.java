package io.storeorchestrator.common.catalog;

import io.storeorchestrator.common.domain.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreCatalogLoaderTest {

    private static final String MINIMAL = """
            plans:
              - id: tiny
                quota: {cpu: "1", memory: 1Gi, pods: 4, pvcs: 1, storage: 2Gi}
                app: {cpuRequest: 50m, memoryRequest: 64Mi, cpuLimit: 100m, memoryLimit: 128Mi}
                database: {cpuRequest: 50m, memoryRequest: 64Mi, cpuLimit: 100m, memoryLimit: 128Mi}
                databaseVolumeSize: 1Gi
                appReplicas: 1
            engines:
              woocommerce:
                versions:
                  - {version: "6.6", image: "wordpress:6.6-apache"}
            """;

    @Test
    void theShippedDefaultsOfferThreePlansAndBothEngines() {
        StoreCatalog catalog = StoreCatalogLoader.defaults();
        assertThat(catalog.plans()).extracting(Plan::id).containsExactly("small", "medium", "large");
        assertThat(catalog.defaultPlan()).isEqualTo("small");
        assertThat(catalog.available(Engine.WOOCOMMERCE)).isTrue();
        assertThat(catalog.available(Engine.MEDUSA)).isTrue();
        assertThat(catalog.version(Engine.WOOCOMMERCE, null)).map(EngineVersion::image).contains("wordpress:6.6-apache");
        assertThat(catalog.plan("medium")).map(Plan::appReplicas).contains(2);
    }

    // Backups and restore (issue 11)
    @Test
    void plansSayHowManyBackupsTheyKeepAndAPlanWithoutSayKeepsAll() {
        StoreCatalog catalog = StoreCatalogLoader.defaults();
        assertThat(catalog.plan("small").orElseThrow().backups().keep()).isEqualTo(3);
        assertThat(catalog.plan("medium").orElseThrow().backups().keep()).isEqualTo(7);
        assertThat(catalog.plan("large").orElseThrow().backups().keep()).isEqualTo(14);
        assertThat(parse(MINIMAL).plans().getFirst().backups()).isNull();
        assertThatThrownBy(() -> parse(MINIMAL.replace("appReplicas: 1", "appReplicas: 1\n    backups: {keep: 0}")))
                .hasMessageContaining("backups.keep must be at least 1");
    }

    @Test
    void aBackupScheduleReadsAsADuration() {
        assertThat(new Plan.BackupPolicy("24h", 1).interval()).contains(java.time.Duration.ofHours(24));
        assertThat(new Plan.BackupPolicy("90m", 1).interval()).contains(java.time.Duration.ofMinutes(90));
        assertThat(new Plan.BackupPolicy("7d", 1).interval()).contains(java.time.Duration.ofDays(7));
        assertThat(new Plan.BackupPolicy("PT2H", 1).interval()).contains(java.time.Duration.ofHours(2));
        assertThat(new Plan.BackupPolicy(null, 1).interval()).isEmpty();
        assertThatThrownBy(() -> new Plan.BackupPolicy("soon", 1)).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> new Plan.BackupPolicy("30s", 1)).hasMessageContaining("at least 1m");
        assertThat(StoreCatalogLoader.defaults().plan("small").orElseThrow().backups().interval())
                .contains(java.time.Duration.ofHours(24));
    }

    @Test
    void aPlanSizesAWooCommerceStoresContentVolumeOrGetsTheDefaultSize() {
        assertThat(StoreCatalogLoader.defaults().plans()).extracting(Plan::contentVolumeSize)
                .containsExactly("2Gi", "5Gi", "10Gi");
        // A catalog written before the field keeps loading.
        assertThat(parse(MINIMAL).plan("tiny")).map(Plan::contentVolumeSize).contains("1Gi")
                .contains(Plan.DEFAULT_CONTENT_VOLUME_SIZE);
        assertThat(parse(MINIMAL.replace("    appReplicas: 1", "    contentVolumeSize: 3Gi\n    appReplicas: 1"))
                .plan("tiny")).map(Plan::contentVolumeSize).contains("3Gi");
    }

    @Test
    void defaultsAreTheFirstPlanAndVersionWhenNoneIsNamed() {
        StoreCatalog catalog = parse(MINIMAL);
        assertThat(catalog.defaultPlan()).isEqualTo("tiny");
        assertThat(catalog.choose(Engine.WOOCOMMERCE, null, null).version().version()).isEqualTo("6.6");
        assertThat(catalog.available(Engine.MEDUSA)).as("an engine the file leaves out is not offered").isFalse();
    }

    @Test
    void anUnknownPlanOrVersionSaysWhatIsOffered() {
        StoreCatalog catalog = StoreCatalogLoader.defaults();
        assertThatThrownBy(() -> catalog.choose(Engine.WOOCOMMERCE, "huge", null))
                .isInstanceOfSatisfying(UnknownChoiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(UnknownChoiceException.Kind.PLAN))
                .hasMessageContaining("small, medium, large");
        assertThatThrownBy(() -> catalog.choose(Engine.WOOCOMMERCE, null, "1.0"))
                .isInstanceOfSatisfying(UnknownChoiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(UnknownChoiceException.Kind.VERSION))
                .hasMessageContaining("6.6");
    }

    @Test
    void aTypoOrAnUnknownEngineStopsTheServiceWithTheSource() {
        assertThatThrownBy(() -> parse(MINIMAL.replace("appReplicas", "appReplica")))
                .hasMessageContaining("invalid store catalog test.yml").hasMessageContaining("appReplica");
        assertThatThrownBy(() -> parse(MINIMAL.replace("woocommerce:", "magento:")))
                .hasMessageContaining("unknown engine 'magento'");
        assertThatThrownBy(() -> parse(MINIMAL.replace("plans:", "defaultPlan: big\nplans:")))
                .hasMessageContaining("default plan big");
        assertThatThrownBy(() -> parse(MINIMAL.replace("appReplicas: 1", "appReplicas: 0")))
                .hasMessageContaining("appReplicas must be at least 1");
    }

    @Test
    void aFileReplacesTheDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.yml");
        Files.writeString(file, MINIMAL);
        assertThat(StoreCatalogLoader.load(file.toString()).planIds()).isEqualTo("tiny");
        assertThat(StoreCatalogLoader.load(" ").planIds()).isEqualTo("small, medium, large");
        assertThatThrownBy(() -> StoreCatalogLoader.load(dir.resolve("missing.yml").toString()))
                .hasMessageContaining("STORE_CATALOG_FILE");
    }

    private static StoreCatalog parse(String yaml) {
        return StoreCatalogLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }
}
