package io.storeorchestrator.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.naming.StoreLabels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A store's whole life through the REST API, with the real services as processes (api-service, two
 * provisioner-workers), real PostgreSQL and RabbitMQ, and the simulated cluster.
 */
class StoreLifecycleE2EIT {

    private static PlatformStack stack;
    private static ApiClient api;

    @BeforeAll
    static void startPlatform() {
        stack = new PlatformStack(ClusterSimConfig.forTests());
        api = stack.startApi(Map.of("STORE_BASE_DOMAIN", "shops.e2e.test", "PROVISIONING_TIMEOUT", "2m"));
        stack.startWorker("provisioner-worker-1", Map.of());
        stack.startWorker("provisioner-worker-2", Map.of());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aStoreIsProvisionedWithEveryObjectAndDeletedWithItsNamespace() {
        String name = "shop-" + suffix();
        ApiClient.Reply created = api.createStore(name, "woocommerce");
        assertThat(created.status()).isEqualTo(202);
        JsonNode store = created.body();
        String id = store.path("id").asText();
        String namespace = store.path("namespace").asText();
        assertThat(created.raw().headers().firstValue("Location")).contains("/api/v1/stores/" + id);
        assertThat(store.path("status").asText()).isEqualTo("QUEUED");
        assertThat(store.path("url").asText()).isEqualTo("http://" + name + ".shops.e2e.test");
        assertThat(namespace).isEqualTo("store-" + id);

        awaitStatus(id, "READY");
        assertThat(api.store(id).body().path("readyAt").isNull()).isFalse();
        assertThat(api.store(id).body().path("revision").asInt()).isEqualTo(1);
        JsonNode revision = api.send("GET", "/api/v1/stores/" + id + "/revisions", null).body().at("/items/0");
        assertThat(revision.path("status").asText()).as("the worker's READY made revision 1 READY").isEqualTo("READY");
        assertThat(revision.path("version").asText()).isEqualTo(store.path("version").asText());
        assertThat(api.timeline(id)).extracting(line -> line.substring(0, line.indexOf(':')))
                .containsSubsequence("ACCEPTED create", "STARTED provision", "STEP namespace", "STEP resource-quota",
                        "STEP limit-range", "STEP network-policies", "STEP secret", "STEP content", "STEP database",
                        "STEP application", "STEP ingress", "READY wait-ready");
        assertThat(api.timeline(id)).contains("STEP content: PersistentVolumeClaim wp-content created");

        KubernetesClient kube = stack.kubernetes();
        Namespace ns = kube.namespaces().withName(namespace).get();
        assertThat(ns.getMetadata().getLabels())
                .containsEntry(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM)
                .containsEntry(StoreLabels.STORE_ID, id)
                .containsEntry(StoreLabels.STORE_NAME, name);
        assertThat(kube.resourceQuotas().inNamespace(namespace).list().getItems()).isNotEmpty();
        assertThat(kube.limitRanges().inNamespace(namespace).list().getItems()).isNotEmpty();
        assertThat(kube.network().networkPolicies().inNamespace(namespace).list().getItems()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(kube.apps().statefulSets().inNamespace(namespace).withName("mariadb").get()).isNotNull();
        assertThat(kube.apps().deployments().inNamespace(namespace).withName("wordpress").get()).isNotNull();
        // wp-content outlives the app's pods: a claim of the plan's size, mounted where WordPress keeps it.
        assertThat(kube.persistentVolumeClaims().inNamespace(namespace).withName("wp-content").get().getSpec()
                .getResources().getRequests().get("storage").toString()).isEqualTo("2Gi");
        assertThat(kube.apps().deployments().inNamespace(namespace).withName("wordpress").get().getSpec()
                .getTemplate().getSpec().getContainers().getFirst().getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/var/www/html/wp-content"));
        assertThat(kube.services().inNamespace(namespace).list().getItems()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(kube.network().v1().ingresses().inNamespace(namespace).list().getItems())
                .singleElement()
                .satisfies(ingress -> assertThat(ingress.getSpec().getRules().getFirst().getHost())
                        .isEqualTo(name + ".shops.e2e.test"));

        Secret secret = kube.secrets().inNamespace(namespace).withName("store-credentials").get();
        assertThat(secret.getData()).isNotEmpty();
        String everythingTheApiSays = api.store(id).raw().body() + api.send("GET", "/api/v1/stores/" + id + "/events",
                null).raw().body() + api.audit().raw().body();
        for (String encoded : secret.getData().values()) {
            String value = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            assertThat(everythingTheApiSays).doesNotContain(value);
        }

        ApiClient.Reply deleting = api.deleteStore(id);
        assertThat(deleting.status()).isEqualTo(202);
        assertThat(deleting.body().path("status").asText()).isEqualTo("DELETING");
        assertThat(api.deleteStore(id).status()).as("delete while DELETING").isEqualTo(202);
        awaitStatus(id, "DELETED");
        assertThat(kube.namespaces().withName(namespace).get()).as("namespace after DELETED").isNull();

        ApiClient.Reply again = api.deleteStore(id);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("error").path("code").asText()).isEqualTo("INVALID_STATE_TRANSITION");
        assertThat(api.createStore(name, "woocommerce").status()).as("name is free again").isEqualTo(202);
        assertThat(api.audit().raw().body()).contains(id).contains("e2e-test");
    }

    @Test
    void aCrashingStoreFailsWithTheRealReasonAndARetryBringsItUp() {
        ApiClient.Reply created = api.createStore("crash-" + suffix(), "woocommerce");
        String id = created.body().path("id").asText();

        awaitStatus(id, "FAILED");
        JsonNode failed = api.store(id).body();
        assertThat(failed.path("statusReason").asText()).contains("CrashLoopBackOff").contains("wordpress");
        assertThat(failed.path("failure").path("step").asText()).isEqualTo("wait-ready");
        assertThat(failed.path("failure").path("reason").asText()).isEqualTo("CrashLoopBackOff");
        assertThat(failed.path("failure").path("message").asText()).startsWith("container wordpress in pod ");
        assertThat(failed.path("failure").path("at").asText()).isNotBlank();
        assertThat(api.timeline(id)).anySatisfy(line -> assertThat(line).startsWith("FAILED wait-ready: container wordpress"));

        ApiClient.Reply retried = api.retry(id);
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.body().path("status").asText()).isEqualTo("QUEUED");
        assertThat(retried.body().path("generation").asLong()).isEqualTo(failed.path("generation").asLong() + 1);
        awaitStatus(id, "READY");
        assertThat(api.store(id).body().path("statusReason").isNull()
                || api.store(id).body().path("statusReason").asText().isEmpty()).isTrue();
        assertThat(api.store(id).body().path("failure").isNull()).as("a retry clears the failure").isTrue();

        ApiClient.Reply retryReady = api.retry(id);
        assertThat(retryReady.status()).isEqualTo(409);
        assertThat(retryReady.body().path("error").path("code").asText()).isEqualTo("INVALID_STATE_TRANSITION");

        assertThat(api.deleteStore(id).status()).isEqualTo(202);
        awaitStatus(id, "DELETED");
    }

    @Test
    void aStoreDeletedWhileProvisioningIsNeverLeftHalfMade() {
        String id = api.createStore("early-" + suffix(), "woocommerce").body().path("id").asText();
        assertThat(api.deleteStore(id).status()).isEqualTo(202);
        awaitStatus(id, "DELETED");
        String namespace = api.store(id).body().path("namespace").asText();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(stack.kubernetes().namespaces().withName(namespace).get()).isNull());
    }

    @Test
    void badRequestsGetAnErrorCodeAndNeverA500() {
        List<ApiClient.Reply> replies = List.of(
                api.send("POST", "/api/v1/stores", "{not json"),
                api.send("POST", "/api/v1/stores", "{\"name\":\"Bad Name\",\"engine\":\"woocommerce\"}"),
                api.send("POST", "/api/v1/stores", "{\"name\":\"fine-name\",\"engine\":\"magento\"}"),
                api.send("GET", "/api/v1/stores/" + UUID.randomUUID(), null),
                api.send("POST", "/api/v1/stores/" + UUID.randomUUID() + "/retry", null));
        assertThat(replies).extracting(ApiClient.Reply::status).containsExactly(400, 400, 400, 404, 404);
        assertThat(replies).extracting(r -> r.body().path("error").path("code").asText())
                .containsExactly("INVALID_JSON", "INVALID_STORE_NAME", "INVALID_ENGINE", "NOT_FOUND", "NOT_FOUND");
    }

    private static void awaitStatus(String id, String status) {
        await(id + " " + status).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(api.status(id)).as("timeline: %s", api.timeline(id)).isEqualTo(status));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
