package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.api.support.ApiFixture;
import io.storeorchestrator.api.support.Outbox;
import io.storeorchestrator.api.support.RunningApi;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.storeorchestrator.api.http.StoreApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Engines and plans come from the store catalog — the shipped defaults, or an installation's STORE_CATALOG_FILE. */
class CatalogIT {

    @Test
    void theDefaultCatalogIsListedAndCreatesUseIt() {
        try (ApiFixture fixture = ApiFixture.start()) {
            RunningApi api = fixture.api;
            JsonNode engines = api.get("/api/v1/engines").json().get("items");
            assertThat(ids(engines)).containsExactly("woocommerce", "medusa");
            JsonNode woo = engines.get(0);
            assertThat(woo.get("name").asText()).isEqualTo("WooCommerce");
            assertThat(texts(woo.get("versions"))).containsExactly("6.6", "6.5");
            assertThat(woo.get("defaultVersion").asText()).isEqualTo("6.6");
            assertThat(woo.get("available").asBoolean()).isTrue();
            assertThat(texts(engines.get(1).get("versions"))).containsExactly("2.8", "2.7");
            assertThat(woo.toString()).as("images are the platform's business").doesNotContain("wordpress:");

            JsonNode plans = api.get("/api/v1/plans").json().get("items");
            assertThat(ids(plans)).containsExactly("small", "medium", "large");
            JsonNode small = plans.get(0);
            assertThat(small.get("default").asBoolean()).isTrue();
            assertThat(plans.get(1).get("default").asBoolean()).isFalse();
            assertThat(small.has("defaultPlan")).isFalse();
            assertThat(small.get("description").asText()).isNotBlank();
            assertThat(small.at("/quota/cpu").asText()).isEqualTo("3");
            assertThat(small.at("/quota/memory").asText()).isEqualTo("5Gi");
            assertThat(small.at("/quota/pods").asInt()).isEqualTo(10);
            assertThat(small.at("/quota/pvcs").asInt()).isEqualTo(2);
            assertThat(small.at("/quota/storage").asText()).isEqualTo("10Gi");
            assertThat(small.at("/app/memoryLimit").asText()).isEqualTo("1Gi");
            assertThat(small.at("/database/cpuRequest").asText()).isEqualTo("100m");
            assertThat(small.get("databaseVolumeSize").asText()).isEqualTo("2Gi");
            assertThat(small.get("contentVolumeSize").asText()).isEqualTo("2Gi");
            assertThat(plans.get(1).get("contentVolumeSize").asText()).isEqualTo("5Gi");
            assertThat(plans.get(2).get("appReplicas").asInt()).isEqualTo(3);

            RunningApi.Response created = api.postJson("/api/v1/stores",
                    "{\"name\":\"medusa-shop\",\"engine\":\"medusa\",\"plan\":\"medium\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(202);
            assertThat(created.json().get("plan").asText()).isEqualTo("medium");
            assertThat(created.json().get("version").asText()).isEqualTo("2.8");
            String id = created.json().get("id").asText();
            StoreCommand provision = Outbox.last(fixture.db, id);
            assertThat(provision.type()).isEqualTo(CommandType.PROVISION);
            assertThat(provision.plan()).isEqualTo("medium");
            assertThat(provision.version()).isEqualTo("2.8");
            assertThat(provision.revision()).isEqualTo(1);
            assertThat(provision.fallback()).isNull();

            JsonNode revisions = api.get("/api/v1/stores/" + id + "/revisions").json().get("items");
            assertThat(revisions).hasSize(1);
            assertThat(revisions.get(0).get("revision").asInt()).isEqualTo(1);
            assertThat(revisions.get(0).get("status").asText()).isEqualTo("PENDING");
            assertThat(revisions.get(0).get("version").asText()).isEqualTo("2.8");
            assertThat(revisions.get(0).get("plan").asText()).isEqualTo("medium");
            assertThat(revisions.get(0).get("reason").asText()).isEqualTo("create: version 2.8, plan medium");
            assertThat(revisions.get(0).get("createdAt").asText()).isEqualTo(created.json().get("createdAt").asText());
            JsonNode accepted = api.get("/api/v1/stores/" + id + "/events").json().get("items").get(0);
            assertThat(accepted.get("revision").asInt()).isEqualTo(1);
        }
    }

    @Test
    void anInstallationsCatalogDecidesWhatIsOffered(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("catalog.yml");
        Files.writeString(file, """
                defaultPlan: tiny
                plans:
                  - id: tiny
                    quota: {cpu: "1", memory: 2Gi, pods: 6, pvcs: 1, storage: 5Gi}
                    app: {cpuRequest: 50m, memoryRequest: 128Mi, cpuLimit: 250m, memoryLimit: 512Mi}
                    database: {cpuRequest: 50m, memoryRequest: 128Mi, cpuLimit: 250m, memoryLimit: 512Mi}
                    databaseVolumeSize: 1Gi
                    appReplicas: 1
                engines:
                  woocommerce:
                    versions:
                      - {version: "6.7", image: "wordpress:6.7-apache"}
                  medusa:
                    available: false
                    versions:
                      - {version: "2.8", image: "medusajs/medusa:2.8.4"}
                """);
        try (ApiFixture fixture = ApiFixture.start(p -> p.put("store.catalog.file", file.toString()))) {
            RunningApi api = fixture.api;
            JsonNode engines = api.get("/api/v1/engines").json().get("items");
            assertThat(engines.get(0).get("defaultVersion").asText()).isEqualTo("6.7");
            assertThat(engines.get(1).get("available").asBoolean()).isFalse();
            JsonNode plans = api.get("/api/v1/plans").json().get("items");
            assertThat(ids(plans)).containsExactly("tiny");
            assertThat(plans.get(0).get("description").asText()).isEmpty();

            assertError(api.postJson("/api/v1/stores", "{\"name\":\"med-shop\",\"engine\":\"medusa\"}"), 400,
                    "ENGINE_UNAVAILABLE");
            assertError(api.postJson("/api/v1/stores", "{\"name\":\"woo-shop\",\"engine\":\"woocommerce\","
                    + "\"plan\":\"small\"}"), 400, "INVALID_PLAN");
            assertError(api.postJson("/api/v1/stores", "{\"name\":\"woo-shop\",\"engine\":\"woocommerce\","
                    + "\"version\":\"6.6\"}"), 400, "INVALID_VERSION");
            JsonNode store = fixture.createStore("woo-shop");
            assertThat(store.get("plan").asText()).isEqualTo("tiny");
            assertThat(store.get("version").asText()).isEqualTo("6.7");
        }
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
