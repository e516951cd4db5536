package io.storeorchestrator.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.clustersim.kubelet.FailureMode;
import io.storeorchestrator.clustersim.kubelet.FailureRule;
import io.storeorchestrator.clustersim.kubelet.FailureTarget;
import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lifecycle v2 through the REST API, with the real services as processes on the simulated cluster: Medusa with its
 * Jobs, plans and versions, upgrades with revisions, the automatic rollback of an upgrade whose pods crash, a manual
 * rollback, drift corrected, and a namespace deleted behind the platform's back provisioned again.
 */
class StoreLifecycleV2E2EIT {

    /** A WooCommerce version whose image the simulated kubelet crash-loops (see {@link #startPlatform()}). */
    private static final String BROKEN_VERSION = "6.7-rc";
    private static final String BROKEN_IMAGE = "wordpress:6.7-broken";

    private static PlatformStack stack;
    private static ApiClient api;

    @BeforeAll
    static void startPlatform() throws IOException {
        Path catalog = Files.createTempFile("store-catalog-", ".yml");
        Files.writeString(catalog, catalogWithABrokenVersion());
        stack = new PlatformStack(ClusterSimConfig.forTests());
        stack.cluster().kubelet().addRule(new FailureRule("image " + BROKEN_IMAGE,
                pod -> BROKEN_IMAGE.equals(pod.image()), FailureMode.CRASH_LOOP_BACK_OFF, FailureTarget.APP, false));
        Map<String, String> shared = Map.of("STORE_CATALOG_FILE", catalog.toString());
        Map<String, String> apiSettings = new java.util.HashMap<>(shared);
        apiSettings.putAll(Map.of("STORE_BASE_DOMAIN", "shops.e2e.test", "PROVISIONING_TIMEOUT", "2m"));
        api = stack.startApi(apiSettings);
        Map<String, String> workerSettings = new java.util.HashMap<>(shared);
        workerSettings.put("WORKER_DRIFT_CHECK_INTERVAL", "2s");
        stack.startWorker("provisioner-worker-1", workerSettings);
        stack.startWorker("provisioner-worker-2", workerSettings);
    }

    /** The shipped catalog plus one WooCommerce version that cannot start. */
    private static String catalogWithABrokenVersion() throws IOException {
        try (InputStream in = StoreCatalogLoader.class.getResourceAsStream(StoreCatalogLoader.DEFAULT_RESOURCE)) {
            String shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String anchor = "      - {version: \"6.5\", image: \"wordpress:6.5-apache\"}\n";
            assertThat(shipped).contains(anchor);
            return shipped.replace(anchor, anchor + "      - {version: \"" + BROKEN_VERSION + "\", image: \""
                    + BROKEN_IMAGE + "\"}\n");
        }
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void enginesAndPlansAreDiscoverable() {
        JsonNode engines = api.send("GET", "/api/v1/engines", null).body().path("items");
        assertThat(engines.findValuesAsText("id")).contains("woocommerce", "medusa");
        JsonNode woo = find(engines, "id", "woocommerce");
        assertThat(woo.path("name").asText()).isEqualTo("WooCommerce");
        assertThat(woo.path("defaultVersion").asText()).isEqualTo("6.6");
        assertThat(woo.path("available").asBoolean()).isTrue();
        assertThat(texts(woo.path("versions"))).contains("6.6", "6.5", BROKEN_VERSION);
        assertThat(find(engines, "id", "medusa").path("available").asBoolean()).isTrue();

        JsonNode plans = api.send("GET", "/api/v1/plans", null).body().path("items");
        assertThat(plans.findValuesAsText("id")).containsExactly("small", "medium", "large");
        JsonNode medium = find(plans, "id", "medium");
        assertThat(medium.path("appReplicas").asInt()).isEqualTo(2);
        assertThat(medium.path("quota").path("cpu").asText()).isEqualTo("6");
        assertThat(medium.path("databaseVolumeSize").asText()).isEqualTo("10Gi");
    }

    @Test
    void aMedusaStoreMigratesItsDatabaseAndCreatesItsAdminBeforeTheAppServes() {
        String name = "medusa-" + suffix();
        ApiClient.Reply created = api.createStore(name, "medusa");
        assertThat(created.status()).isEqualTo(202);
        String id = created.body().path("id").asText();
        String namespace = created.body().path("namespace").asText();
        assertThat(created.body().path("version").asText()).isEqualTo("2.8");
        assertThat(created.body().path("plan").asText()).isEqualTo("small");

        awaitStatus(id, "READY");
        assertThat(steps(id)).containsSubsequence("STARTED provision", "STEP namespace", "STEP database",
                "WAITING wait-database", "STEP migrations", "STEP admin-user", "STEP application", "STEP ingress",
                "READY wait-ready");

        KubernetesClient kube = stack.kubernetes();
        List<Job> jobs = kube.batch().v1().jobs().inNamespace(namespace).list().getItems();
        assertThat(jobs).hasSize(2).allSatisfy(job -> assertThat(job.getStatus().getSucceeded()).isEqualTo(1));
        assertThat(kube.apps().deployments().inNamespace(namespace).withName("medusa").get()).isNotNull();
        assertThat(kube.apps().statefulSets().inNamespace(namespace).withName("postgres").get()).isNotNull();

        String everythingTheApiSays = api.store(id).raw().body()
                + api.send("GET", "/api/v1/stores/" + id + "/events", null).raw().body() + api.audit().raw().body();
        for (Secret secret : kube.secrets().inNamespace(namespace).list().getItems()) {
            for (String encoded : secret.getData().values()) {
                String value = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
                assertThat(everythingTheApiSays).doesNotContain(value);
            }
        }
        deleteAndAwait(id);
    }

    @Test
    void anUpgradeIsANewRevisionAndACrashingOneIsRolledBackAutomatically() {
        String id = api.createStore("upgrade-" + suffix(), "woocommerce", "small", "6.5").body().path("id").asText();
        awaitStatus(id, "READY");
        String namespace = api.store(id).body().path("namespace").asText();
        assertThat(revisionSummaries(id)).containsExactly("1 READY 6.5 small");

        ApiClient.Reply updating = api.update(id, "{\"version\":\"6.6\",\"plan\":\"medium\"}");
        assertThat(updating.status()).isEqualTo(202);
        assertThat(updating.body().path("status").asText()).isEqualTo("UPDATING");
        awaitStatus(id, "READY");
        JsonNode upgraded = api.store(id).body();
        assertThat(upgraded.path("revision").asInt()).isEqualTo(2);
        assertThat(upgraded.path("version").asText()).isEqualTo("6.6");
        assertThat(upgraded.path("plan").asText()).isEqualTo("medium");
        assertThat(revisionSummaries(id)).containsExactly("2 READY 6.6 medium", "1 READY 6.5 small");
        Deployment app = stack.kubernetes().apps().deployments().inNamespace(namespace).withName("wordpress").get();
        assertThat(image(app)).isEqualTo("wordpress:6.6-apache");
        assertThat(app.getSpec().getReplicas()).isEqualTo(2);

        assertThat(api.update(id, "{\"version\":\"" + BROKEN_VERSION + "\"}").status()).isEqualTo(202);
        await("automatic rollback").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(steps(id)).as("timeline").anySatisfy(
                        line -> assertThat(line).startsWith("ROLLED_BACK")));
        awaitStatus(id, "READY");
        JsonNode rolledBack = api.store(id).body();
        assertThat(rolledBack.path("revision").asInt()).isEqualTo(2);
        assertThat(rolledBack.path("version").asText()).isEqualTo("6.6");
        assertThat(rolledBack.path("statusReason").asText()).contains("rolled back").contains("CrashLoopBackOff");
        JsonNode failedRevision = api.revisions(id).get(0);
        assertThat(failedRevision.path("revision").asInt()).isEqualTo(3);
        assertThat(failedRevision.path("status").asText()).isEqualTo("FAILED");
        assertThat(failedRevision.path("reason").asText()).contains("CrashLoopBackOff");
        assertThat(steps(id)).containsSubsequence("ACCEPTED update", "UPDATE_STARTED update", "ROLLING_BACK rollback",
                "ROLLED_BACK rollback");
        await("the good image is back").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(image(
                stack.kubernetes().apps().deployments().inNamespace(namespace).withName("wordpress").get()))
                .isEqualTo("wordpress:6.6-apache"));

        ApiClient.Reply manual = api.rollback(id, 1);
        assertThat(manual.status()).isEqualTo(202);
        awaitStatus(id, "READY");
        JsonNode back = api.store(id).body();
        assertThat(back.path("version").asText()).isEqualTo("6.5");
        assertThat(back.path("plan").asText()).isEqualTo("small");
        assertThat(revisionSummaries(id).getFirst()).isEqualTo("4 READY 6.5 small");
        assertThat(image(stack.kubernetes().apps().deployments().inNamespace(namespace).withName("wordpress").get()))
                .isEqualTo("wordpress:6.5-apache");

        assertError(api.rollback(id, 4), 409, "ALREADY_AT_REVISION");
        assertError(api.rollback(id, 99), 404, "REVISION_NOT_FOUND");
        assertError(api.update(id, "{}"), 400, "NOTHING_TO_CHANGE");
        assertError(api.update(id, "{\"version\":\"6.5\"}"), 400, "NOTHING_TO_CHANGE");
        assertError(api.update(id, "{\"plan\":\"huge\"}"), 400, "INVALID_PLAN");
        assertError(api.update(id, "{\"version\":\"1.0\"}"), 400, "INVALID_VERSION");
        assertError(api.update(id, "{\"version\":6}"), 400, "VALIDATION_FAILED");
        assertError(api.update(id, "[1,2"), 400, "INVALID_JSON");
        assertError(api.update(UUID.randomUUID().toString(), "{\"version\":\"6.6\"}"), 404, "NOT_FOUND");
        deleteAndAwait(id);
    }

    @Test
    void updatesRaceSafelyWithEachOtherAndWithADelete() {
        String id = api.createStore("race-" + suffix(), "woocommerce", "small", "6.5").body().path("id").asText();
        assertError(api.update(id, "{\"version\":\"6.6\"}"), 409, "INVALID_STATE_TRANSITION");
        awaitStatus(id, "READY");

        assertThat(api.update(id, "{\"version\":\"6.6\"}").status()).isEqualTo(202);
        assertThat(api.update(id, "{\"plan\":\"medium\"}").status()).as("a second PATCH supersedes the first")
                .isEqualTo(202);
        awaitStatus(id, "READY");
        assertThat(api.store(id).body().path("plan").asText()).isEqualTo("medium");
        assertThat(revisionSummaries(id)).hasSize(3).last().isEqualTo("1 READY 6.5 small");
        assertThat(api.revisions(id).get(1).path("status").asText()).isEqualTo("SUPERSEDED");

        assertThat(api.update(id, "{\"plan\":\"large\"}").status()).isEqualTo(202);
        assertThat(api.deleteStore(id).status()).as("DELETE works from UPDATING").isEqualTo(202);
        awaitStatus(id, "DELETED");
        assertError(api.update(id, "{\"plan\":\"small\"}"), 409, "INVALID_STATE_TRANSITION");
    }

    @Test
    void driftOnAReadyStoreIsCorrected() {
        String id = api.createStore("drift-" + suffix(), "woocommerce").body().path("id").asText();
        awaitStatus(id, "READY");
        String namespace = api.store(id).body().path("namespace").asText();
        KubernetesClient kube = stack.kubernetes();

        kube.network().networkPolicies().inNamespace(namespace).withName("allow-dns").delete();
        // A hand edit, as kubectl edit would do it (cluster-sim serves no scale subresource).
        kube.apps().deployments().inNamespace(namespace).withName("wordpress").edit(deployment -> {
            deployment.getSpec().setReplicas(0);
            return deployment;
        });

        await("drift corrected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(kube.network().networkPolicies().inNamespace(namespace).withName("allow-dns").get()).isNotNull();
            assertThat(kube.apps().deployments().inNamespace(namespace).withName("wordpress").get().getSpec()
                    .getReplicas()).isEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(String.join("\n", api.timeline(id)))
                .contains("DRIFT_CORRECTED drift").contains("allow-dns").contains("wordpress"));
        assertThat(api.status(id)).isEqualTo("READY");
        deleteAndAwait(id);
    }

    @Test
    void aReadyStoreWhoseNamespaceWasDeletedIsProvisionedAgain() {
        String id = api.createStore("vanish-" + suffix(), "woocommerce").body().path("id").asText();
        awaitStatus(id, "READY");
        String namespace = api.store(id).body().path("namespace").asText();
        KubernetesClient kube = stack.kubernetes();

        kube.namespaces().withName(namespace).delete();

        await("re-provisioned").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(steps(id)).anySatisfy(line -> assertThat(line).startsWith("REPROVISIONING reprovision"));
            assertThat(api.status(id)).isEqualTo("READY");
            assertThat(kube.apps().deployments().inNamespace(namespace).withName("wordpress").get()).isNotNull();
        });
        assertThat(kube.namespaces().withName(namespace).get().getMetadata().getDeletionTimestamp()).isNull();
        deleteAndAwait(id);
    }

    private static List<String> revisionSummaries(String id) {
        List<String> summaries = new ArrayList<>();
        for (JsonNode revision : api.revisions(id)) {
            summaries.add(revision.path("revision").asInt() + " " + revision.path("status").asText() + " "
                    + revision.path("version").asText() + " " + revision.path("plan").asText());
        }
        return summaries;
    }

    /** "TYPE step" of each timeline entry, oldest first. */
    private static List<String> steps(String id) {
        return api.timeline(id).stream().map(line -> line.substring(0, line.indexOf(':'))).toList();
    }

    private static String image(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
    }

    private static void assertError(ApiClient.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(status);
        assertThat(reply.body().path("error").path("code").asText()).isEqualTo(code);
    }

    private static JsonNode find(JsonNode items, String field, String value) {
        for (JsonNode item : items) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + "=" + value + " in " + items);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.isTextual() ? node.asText() : node.path("version").asText()));
        return texts;
    }

    private static void deleteAndAwait(String id) {
        assertThat(api.deleteStore(id).status()).isEqualTo(202);
        awaitStatus(id, "DELETED");
    }

    private static void awaitStatus(String id, String status) {
        await(id + " " + status).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(api.status(id)).as("timeline: %s", api.timeline(id)).isEqualTo(status));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
