package io.storeorchestrator.api.support;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenants and keys made through the admin API, for tests that act as several tenants. */
public final class Tenants {

    private Tenants() {
    }

    /** A tenant made with the bootstrap admin key, and one key of it. */
    public record Tenant(String id, String name, String key) {
    }

    public static Tenant create(RunningApi api, String name, int maxStores) {
        return create(api, "{\"name\":\"" + name + "\",\"maxStores\":" + maxStores + "}");
    }

    /** @param body the POST /api/v1/tenants body */
    public static Tenant create(RunningApi api, String body) {
        RunningApi.Response tenant = api.postJson("/api/v1/tenants", body);
        assertThat(tenant.status()).as(tenant.toString()).isEqualTo(201);
        String id = tenant.json().get("id").asText();
        return new Tenant(id, tenant.json().get("name").asText(), newKey(api, id));
    }

    public static String newKey(RunningApi api, String tenantId) {
        RunningApi.Response key = api.send("POST", "/api/v1/tenants/" + tenantId + "/keys", null, null,
                java.util.Map.of());
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return key.json().get("key").asText();
    }

    public static JsonNode createStore(RunningApi api, String key, String name) {
        RunningApi.Response store = api.as(key, "POST", "/api/v1/stores",
                "{\"name\":\"" + name + "\",\"engine\":\"woocommerce\"}");
        assertThat(store.status()).as(store.toString()).isEqualTo(202);
        return store.json();
    }
}
