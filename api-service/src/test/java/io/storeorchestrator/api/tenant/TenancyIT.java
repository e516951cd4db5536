package io.storeorchestrator.api.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.api.support.ApiFixtureTest;
import io.storeorchestrator.api.support.RunningApi;
import io.storeorchestrator.api.support.Tenants;
import io.storeorchestrator.api.support.Tenants.Tenant;
import io.storeorchestrator.common.messaging.StoreEventType;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys, tenants, isolation and quotas against the real PostgreSQL, through the REST API. */
class TenancyIT extends ApiFixtureTest {

    @Test
    void everyWayOfNotBeingAuthenticatedIs401WithAChallenge() throws Exception {
        Tenant revoked = Tenants.create(api, "revoked-co", 1);
        String keyId = keys(revoked.id()).get(0).get("id").asText();
        assertThat(api.send("DELETE", "/api/v1/tenants/" + revoked.id() + "/keys/" + keyId, null, null,
                java.util.Map.of()).status()).isEqualTo(204);

        List<RunningApi.Response> refused = List.of(
                api.as(null, "GET", "/api/v1/stores", null),
                api.send("GET", "/api/v1/stores", null, null, java.util.Map.of("Authorization", "Basic YTpi")),
                api.send("GET", "/api/v1/stores", null, null, java.util.Map.of("Authorization", "Bearer")),
                api.as("not a key at all", "GET", "/api/v1/stores", null),
                api.as("so_" + "A".repeat(43), "GET", "/api/v1/stores", null),
                api.as(RunningApi.ADMIN_KEY + "x", "GET", "/api/v1/stores", null),
                api.as("x".repeat(7000), "GET", "/api/v1/stores", null),
                api.as(revoked.key(), "GET", "/api/v1/stores", null),
                api.as(null, "POST", "/api/v1/stores", "{\"name\":\"anon\",\"engine\":\"woocommerce\"}"));
        for (RunningApi.Response response : refused) {
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            assertThat(response.errorCode()).isEqualTo("UNAUTHENTICATED");
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(response.body()).doesNotContain(revoked.key()).doesNotContain(RunningApi.ADMIN_KEY);
        }

        String binary = raw("GET /api/v1/stores HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u00ff\u00feso_\u0080\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(binary).startsWith("HTTP/1.1 401").contains("\"code\":\"UNAUTHENTICATED\"");
        // Control characters are refused by Netty itself, before any route: still a coded error, never a 500.
        String control = raw("GET /api/v1/stores HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer so_\u0001\u0002\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(control).startsWith("HTTP/1.1 400").contains("\"error\":{\"code\":");
        String huge = raw("GET /api/v1/stores HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + "a".repeat(70_000)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(huge).startsWith("HTTP/1.1 413").contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
        assertThat(fixture.db.connect().createStatement().executeQuery("SELECT count(*) FROM stores WHERE name = 'anon'"))
                .satisfies(rs -> {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                });
    }

    @Test
    void keysAreShownOnceStoredAsHashesAndRevocable() throws Exception {
        Tenant tenant = Tenants.create(api, "keyed-co", 1);
        assertThat(tenant.key()).startsWith("so_").hasSize(46);
        assertThat(api.as(tenant.key(), "GET", "/api/v1/stores", null).status()).isEqualTo(200);

        try (Connection c = fixture.db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT key_hash, last_used_at FROM api_keys WHERE tenant_id = '"
                     + tenant.id() + "'")) {
            rs.next();
            assertThat(rs.getBytes(1)).isEqualTo(MessageDigest.getInstance("SHA-256")
                    .digest(tenant.key().getBytes(StandardCharsets.UTF_8)));
            assertThat(rs.getObject(2)).as("last use recorded").isNotNull();
        }
        JsonNode listed = keys(tenant.id()).get(0);
        assertThat(listed.toString()).doesNotContain(tenant.key());
        assertThat(listed.get("lastUsedAt").isNull()).isFalse();
        assertThat(listed.get("revokedAt").isNull()).isTrue();

        String second = Tenants.newKey(api, tenant.id());
        String firstId = listed.get("id").asText();
        String path = "/api/v1/tenants/" + tenant.id() + "/keys/" + firstId;
        assertThat(api.send("DELETE", path, null, null, java.util.Map.of()).status()).isEqualTo(204);
        assertThat(api.send("DELETE", path, null, null, java.util.Map.of()).status()).as("again").isEqualTo(204);
        assertThat(api.send("DELETE", "/api/v1/tenants/" + tenant.id() + "/keys/" + UUID.randomUUID(), null, null,
                java.util.Map.of()).errorCode()).isEqualTo("NOT_FOUND");
        assertThat(api.as(tenant.key(), "GET", "/api/v1/stores", null).status()).isEqualTo(401);
        assertThat(api.as(second, "GET", "/api/v1/stores", null).status()).as("the new key").isEqualTo(200);

        JsonNode audit = api.get("/api/v1/audit?tenant=" + tenant.id()).json().get("items");
        List<String> actions = new ArrayList<>();
        audit.forEach(row -> {
            actions.add(row.get("action").asText());
            assertThat(row.get("actor").asText()).isEqualTo("key:bootstrap");
            assertThat(row.get("sourceIp").asText()).isNotBlank();
            assertThat(row.toString()).doesNotContain(tenant.key()).doesNotContain(second);
        });
        assertThat(actions).containsExactly("KEY_REVOKED", "KEY_CREATED", "KEY_CREATED", "TENANT_CREATED");
    }

    @Test
    void tenantKeysMayNotManageTenants() {
        Tenant tenant = Tenants.create(api, "plain-co", 1);
        for (String[] call : new String[][]{{"GET", "/api/v1/tenants"}, {"POST", "/api/v1/tenants"},
                {"GET", "/api/v1/tenants/" + tenant.id()}, {"DELETE", "/api/v1/tenants/" + tenant.id()},
                {"POST", "/api/v1/tenants/" + tenant.id() + "/keys"}, {"GET", "/api/v1/tenants/" + tenant.id() + "/keys"},
                {"DELETE", "/api/v1/tenants/" + tenant.id() + "/keys/" + UUID.randomUUID()}}) {
            RunningApi.Response response = api.as(tenant.key(), call[0], call[1],
                    call[0].equals("POST") ? "{\"name\":\"sneaky\",\"maxStores\":9}" : null);
            assertThat(response.status()).as(String.join(" ", call)).isEqualTo(403);
            assertThat(response.errorCode()).isEqualTo("FORBIDDEN");
        }
    }

    @Test
    void aTenantSeesOnlyItsOwnStoresAndAnotherTenantsIsExactlyAMissingOne() {
        Tenant alpha = Tenants.create(api, "alpha-co", 5);
        Tenant beta = Tenants.create(api, "beta-co", 5);
        String alphaStore = Tenants.createStore(api, alpha.key(), "alpha-shop").get("id").asText();
        String failed = Tenants.createStore(api, alpha.key(), "alpha-failing").get("id").asText();
        fixture.apply(failed, 1, StoreEventType.FAILED, "mariadb: ImagePullBackOff");
        String betaStore = Tenants.createStore(api, beta.key(), "beta-shop").get("id").asText();
        String missing = UUID.randomUUID().toString();

        for (String id : List.of(alphaStore, failed)) {
            assertSameAsMissing(api.as(beta.key(), "GET", "/api/v1/stores/" + id, null), id, missing, "GET", "");
            assertSameAsMissing(api.as(beta.key(), "GET", "/api/v1/stores/" + id + "/events", null), id, missing,
                    "GET", "/events");
            assertSameAsMissing(api.as(beta.key(), "POST", "/api/v1/stores/" + id + "/retry", null), id, missing,
                    "POST", "/retry");
            assertSameAsMissing(api.as(beta.key(), "DELETE", "/api/v1/stores/" + id, null), id, missing, "DELETE", "");
        }
        assertThat(api.as(alpha.key(), "GET", "/api/v1/stores/" + alphaStore, null).status()).isEqualTo(200);
        assertThat(api.as(alpha.key(), "GET", "/api/v1/stores/" + betaStore, null).status()).isEqualTo(404);
        assertThat(fixture.store(alphaStore).get("status").asText()).as("nothing changed").isEqualTo("QUEUED");

        assertThat(ids(api.as(beta.key(), "GET", "/api/v1/stores?limit=100", null))).containsExactly(betaStore);
        assertThat(ids(api.as(beta.key(), "GET", "/api/v1/stores?status=FAILED", null))).isEmpty();
        assertThat(ids(api.as(beta.key(), "GET", "/api/v1/stores?tenant=" + alpha.id(), null)))
                .as("a tenant cannot filter its way into another's stores").containsExactly(betaStore);
        assertThat(ids(api.get("/api/v1/stores?limit=100&tenant=" + alpha.id())))
                .containsExactlyInAnyOrder(alphaStore, failed);
        assertThat(ids(api.get("/api/v1/stores?limit=100"))).contains(alphaStore, failed, betaStore);
        assertThat(api.get("/api/v1/stores?tenant=nope").errorCode()).isEqualTo("VALIDATION_FAILED");

        String betaAudit = api.as(beta.key(), "GET", "/api/v1/audit?limit=500", null).body();
        assertThat(betaAudit).contains(betaStore).doesNotContain(alphaStore).doesNotContain(failed)
                .doesNotContain("alpha");
        JsonNode betaMetrics = api.as(beta.key(), "GET", "/api/v1/metrics", null).json();
        assertThat(betaMetrics.get("liveStores").asLong()).isEqualTo(1);
        assertThat(betaMetrics.get("recentFailures")).isEmpty();
        JsonNode alphaMetrics = api.as(alpha.key(), "GET", "/api/v1/metrics", null).json();
        assertThat(alphaMetrics.at("/storesByStatus/FAILED").asLong()).isEqualTo(1);

        JsonNode created = api.get("/api/v1/audit?tenant=" + alpha.id()).json().get("items");
        assertThat(created.toString()).contains("STORE_CREATED").contains(alpha.id());
        created.forEach(row -> {
            if (row.get("action").asText().equals("STORE_CREATED")) {
                assertThat(row.get("actor").asText()).startsWith("key:").isNotEqualTo("key:bootstrap");
                assertThat(row.get("tenantId").asText()).isEqualTo(alpha.id());
            }
        });
    }

    @Test
    void quotasArePerTenantAndNameTheTenantsLimit() {
        Tenant small = Tenants.create(api, "{\"name\":\"small-co\",\"maxStores\":2,\"allowedPlans\":[\"small\"]}");
        String first = Tenants.createStore(api, small.key(), "small-one").get("id").asText();
        Tenants.createStore(api, small.key(), "small-two");
        RunningApi.Response third = api.as(small.key(), "POST", "/api/v1/stores",
                "{\"name\":\"small-three\",\"engine\":\"woocommerce\"}");
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.errorCode()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(third.json().at("/error/message").asText()).contains("small-co").contains("maximum of 2");

        RunningApi.Response plan = api.as(small.key(), "POST", "/api/v1/stores",
                "{\"name\":\"big-one\",\"engine\":\"woocommerce\",\"plan\":\"large\"}");
        assertThat(plan.status()).isEqualTo(403);
        assertThat(plan.errorCode()).isEqualTo("PLAN_NOT_ALLOWED");

        assertThat(api.as(small.key(), "DELETE", "/api/v1/stores/" + first, null).status()).isEqualTo(202);
        assertThat(api.as(small.key(), "POST", "/api/v1/stores", "{\"name\":\"small-three\",\"engine\":\"woocommerce\"}")
                .errorCode()).as("DELETING still counts").isEqualTo("QUOTA_EXCEEDED");
        fixture.apply(first, 2, StoreEventType.DELETED, "gone");
        Tenants.createStore(api, small.key(), "small-three");

        assertThat(api.postJson("/api/v1/tenants", "{\"name\":\"Bad Name\",\"maxStores\":1}").errorCode())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(api.postJson("/api/v1/tenants", "{\"name\":\"ok-name\",\"maxStores\":-1}").errorCode())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(api.postJson("/api/v1/tenants", "{\"name\":\"ok-name\",\"maxStores\":1,\"allowedPlans\":[\"huge\"]}")
                .errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.postJson("/api/v1/tenants", "{\"name\":\"small-co\",\"maxStores\":1}").errorCode())
                .isEqualTo("TENANT_NAME_TAKEN");
    }

    @Test
    void concurrentCreatesOnTwoReplicasNeverExceedATenantsQuota() throws Exception {
        Tenant tenant = Tenants.create(api, "racing-co", 3);
        try (RunningApi second = RunningApi.start(RunningApi.properties(fixture.db, fixture.broker.settings()))) {
            ExecutorService pool = Executors.newFixedThreadPool(12);
            List<Future<RunningApi.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                RunningApi replica = i % 2 == 0 ? api : second;
                String body = "{\"name\":\"race-" + i + "\",\"engine\":\"woocommerce\"}";
                answers.add(pool.submit((Callable<RunningApi.Response>) () ->
                        replica.as(tenant.key(), "POST", "/api/v1/stores", body)));
            }
            int accepted = 0;
            for (Future<RunningApi.Response> answer : answers) {
                RunningApi.Response response = answer.get();
                if (response.status() == 202) {
                    accepted++;
                } else {
                    assertThat(response.errorCode()).as(response.toString()).isEqualTo("QUOTA_EXCEEDED");
                }
            }
            pool.shutdown();
            assertThat(accepted).isEqualTo(3);
        }
        assertThat(api.get("/api/v1/tenants/" + tenant.id()).json().get("liveStores").asLong()).isEqualTo(3);
    }

    @Test
    void aTenantWithLiveStoresCannotBeDeleted() {
        Tenant tenant = Tenants.create(api, "leaving-co", 2);
        String store = Tenants.createStore(api, tenant.key(), "leaving-shop").get("id").asText();
        RunningApi.Response refused = api.send("DELETE", "/api/v1/tenants/" + tenant.id(), null, null,
                java.util.Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("TENANT_HAS_STORES");
        assertThat(api.as(tenant.key(), "GET", "/api/v1/stores", null).status()).as("still usable").isEqualTo(200);

        api.as(tenant.key(), "DELETE", "/api/v1/stores/" + store, null);
        fixture.apply(store, 2, StoreEventType.DELETED, "gone");
        assertThat(api.send("DELETE", "/api/v1/tenants/" + tenant.id(), null, null, java.util.Map.of()).status())
                .isEqualTo(204);
        assertThat(api.as(tenant.key(), "GET", "/api/v1/stores", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/tenants/" + tenant.id()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/tenants").body()).doesNotContain("leaving-co");
        Tenants.create(api, "leaving-co", 1);
    }

    private void assertSameAsMissing(RunningApi.Response response, String id, String missing, String method,
                                     String suffix) {
        RunningApi.Response reference = api.send(method, "/api/v1/stores/" + missing + suffix, null, null,
                java.util.Map.of());
        assertThat(response.status()).as(method + " " + suffix + ": " + response).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(response.body().replace(id, "ID")).isEqualTo(reference.body().replace(missing, "ID"));
    }

    private List<JsonNode> keys(String tenantId) {
        List<JsonNode> keys = new ArrayList<>();
        api.get("/api/v1/tenants/" + tenantId + "/keys").json().get("items").forEach(keys::add);
        return keys;
    }

    private static List<String> ids(RunningApi.Response page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    /** Bytes a JDK client refuses to send (non-ASCII header values, oversized headers), over a plain socket. */
    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
