package io.storeorchestrator.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reaper v2 against the real services: a store with a 10 s TTL gets its EXPIRING notice and is deleted with the reaper
 * as the actor; a FAILED store past the retention is deleted; a READY store whose namespace vanished is provisioned
 * again on the reaper's word alone (the worker's own drift checks are off here).
 */
class ReaperV2E2EIT {

    private static PlatformStack stack;
    private static ApiClient api;

    @BeforeAll
    static void startPlatform() {
        stack = new PlatformStack(ClusterSimConfig.forTests());
        api = stack.startApi(Map.of("PROVISIONING_TIMEOUT", "2m"));
        stack.startWorker("provisioner-worker-1", Map.of("WORKER_DRIFT_CORRECTION_ENABLED", "false"));
        stack.startReaper("reaper-v2-e2e", Map.of(
                "REAPER_EXPIRY_NOTICE", "5s",
                "REAPER_FAILED_RETENTION", "3s",
                "REAPER_ORPHAN_GRACE", "1h"));
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aStoreWithATenSecondTtlGetsItsNoticeAndIsDeleted() {
        ApiClient.Reply created = api.send("POST", "/api/v1/stores",
                "{\"name\":\"short-lived\",\"engine\":\"woocommerce\",\"ttl\":\"10s\"}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
        String id = created.body().path("id").asText();
        assertThat(created.body().path("expiresAt").isTextual()).isTrue();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(api.timeline(id)).anySatisfy(line ->
                        assertThat(line).startsWith("EXPIRING expiry: the store expires at")));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(api.status(id)).isEqualTo("DELETED"));
        List<String> timeline = api.timeline(id);
        assertThat(timeline).anySatisfy(line -> assertThat(line).startsWith("DELETE_REQUESTED expiry: expired at"));
        assertThat(indexOf(timeline, "EXPIRING")).as("the notice before the deletion")
                .isLessThan(indexOf(timeline, "DELETE_REQUESTED"));
        assertThat(auditActors(id, "STORE_DELETE_REQUESTED")).containsExactly("reaper");
        assertThat(stack.kubernetes().v1().events().inNamespace("store-" + id).list().getItems())
                .as("the namespace went with the store").isEmpty();
    }

    @Test
    void aFailedStorePastTheRetentionIsDeleted() {
        String id = api.createStore("broken-retained", "woocommerce").body().path("id").asText();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(api.status(id)).isIn("FAILED", "DELETING", "DELETED"));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(api.status(id)).isEqualTo("DELETED"));
        assertThat(api.timeline(id)).anySatisfy(line ->
                assertThat(line).startsWith("DELETE_REQUESTED failed-retention: FAILED since"));
        assertThat(auditActors(id, "STORE_DELETE_REQUESTED")).containsExactly("reaper");
    }

    @Test
    void aReadyStoreWhoseNamespaceVanishedIsProvisionedAgain() {
        String id = api.createStore("vanishing", "woocommerce").body().path("id").asText();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(api.status(id)).isEqualTo("READY"));
        String namespace = api.store(id).body().path("namespace").asText();

        stack.kubernetes().namespaces().withName(namespace).delete();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(api.timeline(id)).anySatisfy(line ->
                        assertThat(line).startsWith("NAMESPACE_MISSING namespace-check: namespace " + namespace)));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(api.timeline(id)).anySatisfy(line -> assertThat(line).startsWith("REPROVISIONING reprovision"));
            assertThat(api.status(id)).isEqualTo("READY");
            assertThat(stack.kubernetes().namespaces().withName(namespace).get()).isNotNull();
        });
    }

    private static int indexOf(List<String> timeline, String type) {
        for (int i = 0; i < timeline.size(); i++) {
            if (timeline.get(i).startsWith(type + " ")) {
                return i;
            }
        }
        return -1;
    }

    static List<String> auditActors(String storeId, String action) {
        List<String> actors = new ArrayList<>();
        for (JsonNode row : api.send("GET", "/api/v1/audit?limit=100", null).body().path("items")) {
            if (storeId.equals(row.path("storeId").asText()) && action.equals(row.path("action").asText())) {
                actors.add(row.path("actor").asText());
            }
        }
        return actors;
    }
}
