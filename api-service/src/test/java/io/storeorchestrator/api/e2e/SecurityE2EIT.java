package io.storeorchestrator.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.testsupport.TcpProxy;
import io.storeorchestrator.common.naming.StoreLabels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Security and tenancy through the REST API of the running platform (API and a worker as processes, configured as
 * the chart configures them): tenant isolation on every store endpoint, 401 / 403 / 429, and an idempotent create
 * replayed while RabbitMQ is away.
 */
class SecurityE2EIT {

    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    private static PlatformStack stack;
    private static TcpProxy broker;
    private static ApiClient admin;

    @BeforeAll
    static void startPlatform() {
        stack = new PlatformStack(ClusterSimConfig.forTests());
        broker = stack.proxyBroker();
        admin = stack.startApi(Map.of());
        stack.startWorker("provisioner-worker-security", Map.of());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anotherTenantsKeyFindsNothingOnAnyEndpoint() {
        ApiClient alpha = tenant("alpha-" + suffix(), "");
        ApiClient beta = tenant("beta-" + suffix(), "");
        String name = "owned-" + suffix();
        String id = alpha.createStore(name, "woocommerce").body().path("id").asText();
        await("READY").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(alpha.status(id)).isEqualTo("READY"));

        String missing = UUID.randomUUID().toString();
        for (String[] call : new String[][]{{"GET", "", null}, {"GET", "/events", null}, {"POST", "/retry", null},
                {"GET", "/revisions", null}, {"PATCH", "", "{\"version\":\"6.5\"}"},
                {"POST", "/rollback", "{\"revision\":1}"}, {"DELETE", "", null}}) {
            ApiClient.Reply theirs = beta.send(call[0], "/api/v1/stores/" + id + call[1], call[2]);
            ApiClient.Reply none = beta.send(call[0], "/api/v1/stores/" + missing + call[1], call[2]);
            assertThat(theirs.status()).as(call[0] + " " + call[1]).isEqualTo(404);
            assertThat(theirs.body().at("/error/code").asText()).isEqualTo("NOT_FOUND");
            assertThat(theirs.raw().body().replace(id, "ID")).isEqualTo(none.raw().body().replace(missing, "ID"));
        }
        assertThat(beta.send("GET", "/api/v1/stores?limit=100", null).raw().body()).doesNotContain(id);
        assertThat(beta.send("GET", "/api/v1/stores?status=READY&tenant=" + id, null).raw().body()).doesNotContain(id);
        assertThat(beta.audit().raw().body()).doesNotContain(id).doesNotContain(name);
        assertThat(beta.send("GET", "/api/v1/metrics", null).body().path("liveStores").asLong()).isZero();
        assertThat(alpha.status(id)).as("untouched by the other tenant").isEqualTo("READY");
        assertThat(alpha.audit().raw().body()).contains(id);
        assertThat(admin.send("GET", "/api/v1/stores?limit=100", null).raw().body()).contains(id);
        String namespace = alpha.store(id).body().path("namespace").asText();
        assertThat(stack.kubernetes().namespaces().withName(namespace).get().getMetadata().getLabels())
                .as("the namespace names its tenant").containsKey(StoreLabels.TENANT)
                .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
    }

    @Test
    void credentialsRolesAndRatesAreEnforced() {
        ApiClient anonymous = admin.as(null);
        ApiClient.Reply unauthenticated = anonymous.createStore("anon-" + suffix(), "woocommerce");
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.body().at("/error/code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(unauthenticated.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(admin.as("so_" + "Z".repeat(43)).send("GET", "/api/v1/stores", null).status()).isEqualTo(401);

        ApiClient limited = tenant("limited-" + suffix(), ",\"requestsPerMinute\":3");
        ApiClient.Reply forbidden = limited.send("GET", "/api/v1/tenants", null);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body().at("/error/code").asText()).isEqualTo("FORBIDDEN");
        for (int i = 0; i < 2; i++) {
            assertThat(limited.send("GET", "/api/v1/stores", null).status()).isEqualTo(200);
        }
        ApiClient.Reply tooMany = limited.send("GET", "/api/v1/stores", null);
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.body().at("/error/code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(tooMany.raw().headers().firstValue("Retry-After")).isPresent();

        // Health on the API port says UP and nothing more; the details are on the management port.
        ApiClient.Reply readiness = anonymous.send("GET", "/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().toString()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(anonymous.send("GET", "/prometheus", null).status()).isEqualTo(404);
    }

    @Test
    void anIdempotentCreateIsReplayedWhileRabbitMqIsDown() {
        ApiClient tenant = tenant("idem-" + suffix(), "");
        String name = "replayed-" + suffix();
        String body = "{\"name\":\"" + name + "\",\"engine\":\"woocommerce\"}";
        Map<String, String> key = Map.of("Idempotency-Key", "create-" + name);
        String id;
        broker.stop();
        try {
            ApiClient.Reply first = tenant.send("POST", "/api/v1/stores", body, key);
            ApiClient.Reply replay = tenant.send("POST", "/api/v1/stores", body, key);
            assertThat(first.status()).as(first.body().toString()).isEqualTo(202);
            assertThat(replay.status()).isEqualTo(202);
            assertThat(replay.body()).isEqualTo(first.body());
            assertThat(replay.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
            ApiClient.Reply changed = tenant.send("POST", "/api/v1/stores",
                    body.replace("woocommerce", "medusa"), key);
            assertThat(changed.status()).isEqualTo(422);
            assertThat(changed.body().at("/error/code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            id = first.body().path("id").asText();
        } finally {
            broker.start();
        }
        await("READY after the broker came back").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(tenant.status(id)).isEqualTo("READY"));
        List<String> named = tenant.send("GET", "/api/v1/stores?limit=100", null).body().findValuesAsText("name");
        assertThat(named).containsOnlyOnce(name);
    }

    /** A tenant made by the admin, and a client with its first key. */
    private static ApiClient tenant(String name, String extra) {
        ApiClient.Reply tenant = admin.send("POST", "/api/v1/tenants",
                "{\"name\":\"" + name + "\",\"maxStores\":5" + extra + "}");
        assertThat(tenant.status()).as(tenant.body().toString()).isEqualTo(201);
        JsonNode key = admin.send("POST", "/api/v1/tenants/" + tenant.body().path("id").asText() + "/keys", null)
                .body();
        assertThat(key.path("key").asText()).startsWith("so_");
        return admin.as(key.path("key").asText());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
