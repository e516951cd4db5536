package io.storeorchestrator.worker.it;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.micronaut.runtime.server.EmbeddedServer;
import io.storeorchestrator.clustersim.kubelet.FailureMode;
import io.storeorchestrator.clustersim.kubelet.FailureRule;
import io.storeorchestrator.clustersim.kubelet.FailureTarget;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.model.NamespaceObjects;
import io.storeorchestrator.worker.model.ContentVolume;
import io.storeorchestrator.worker.model.NetworkPolicies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lifecycle v2 on the worker: updates to a new revision, automatic rollback of one whose pods crash, drift corrected,
 * a deleted namespace provisioned again. Real PostgreSQL and RabbitMQ, the cluster simulator; the harness plays the
 * API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreLifecycleIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String OLD_IMAGE = "wordpress:6.6-apache";
    private static final String NEW_IMAGE = "wordpress:6.5-apache";
    private static final StoreCommand.Target REVISION_1 = new StoreCommand.Target(1, "small", "6.6");
    private static final StoreCommand.Target REVISION_2 = new StoreCommand.Target(2, "small", "6.5");

    private WorkerHarness harness;

    @BeforeAll
    void startWorker() throws Exception {
        harness = new WorkerHarness();
        // Every pod of a store named upcrash-* that runs the new image crashes; the old image runs fine.
        harness.sim.kubelet().addRule(new FailureRule("upcrash-* on " + NEW_IMAGE,
                pod -> pod.storeName().startsWith("upcrash-") && NEW_IMAGE.equals(pod.image()),
                FailureMode.CRASH_LOOP_BACK_OFF, FailureTarget.APP, false));
        // doomed-*: whatever runs after the first generation crashes, the rollback included.
        harness.sim.kubelet().addRule(new FailureRule("doomed-* after generation 1",
                pod -> pod.storeName().startsWith("doomed-") && !"1".equals(pod.generation()),
                FailureMode.CRASH_LOOP_BACK_OFF, FailureTarget.APP, false));
        // slow-*: the pods of generation 2 wait for a node (for the whole 60 s grace), so that update stays in flight.
        harness.sim.kubelet().addRule(new FailureRule("slow-* at generation 2",
                pod -> pod.storeName().startsWith("slow-") && "2".equals(pod.generation()),
                FailureMode.UNSCHEDULABLE, FailureTarget.ANY, false));
        EmbeddedServer worker = harness.startWorker(Map.of("worker.drift-check-interval", "2s"));
        await().atMost(TIMEOUT).until(() -> worker.getApplicationContext()
                .getBean(io.storeorchestrator.worker.kube.WorkloadWatch.class).synced());
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void anUpdateRollsOutTheNewImageAndReportsReadyAtItsRevision() throws Exception {
        StoreCommand store = readyStore("update-");
        harness.send(harness.update(store, 2, REVISION_2, REVISION_1));

        List<StoreEvent> update = awaitGeneration(store.storeId(), 2, e -> e.type() == StoreEventType.READY);
        assertThat(update.getFirst().type()).isEqualTo(StoreEventType.UPDATE_STARTED);
        assertThat(update.getFirst().step()).isEqualTo("update");
        assertThat(update).allSatisfy(e -> assertThat(e.revision()).isEqualTo(2))
                .noneMatch(e -> e.type() == StoreEventType.STARTED || e.type() == StoreEventType.FAILED);
        assertThat(update.getLast().message()).startsWith("revision 2 (plan small, version 6.5) rolled out");

        Deployment app = deployment(store);
        assertThat(app.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo(NEW_IMAGE);
        assertThat(app.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(StoreLabels.GENERATION, "2").containsEntry(StoreLabels.REVISION, "2");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(harness.row(store.storeId()))
                .containsEntry("status", "READY").containsEntry("revision", 2).containsEntry("version", "6.5"));
    }

    @Test
    void anUpdateWhosePodsCrashIsRolledBackToTheLastReadyRevision() throws Exception {
        StoreCommand store = readyStore("upcrash-");
        harness.send(harness.update(store, 2, REVISION_2, REVISION_1));

        List<StoreEvent> update = awaitGeneration(store.storeId(), 2, e -> e.type() == StoreEventType.ROLLED_BACK);
        StoreEvent rollingBack = update.stream().filter(e -> e.type() == StoreEventType.ROLLING_BACK).findFirst()
                .orElseThrow();
        assertThat(rollingBack.step()).isEqualTo("rollback");
        assertThat(rollingBack.revision()).isEqualTo(2);
        assertThat(rollingBack.reason()).isEqualTo("CrashLoopBackOff");
        assertThat(rollingBack.message()).startsWith("CrashLoopBackOff: container wordpress in pod wordpress-")
                .endsWith("; rolling back to revision 1 (plan small, version 6.6)");
        StoreEvent rolledBack = update.getLast();
        assertThat(rolledBack.step()).isEqualTo("rollback");
        assertThat(rolledBack.revision()).isEqualTo(1);
        assertThat(rolledBack.message())
                .startsWith("revision 2 failed and was rolled back: the store serves revision 1");
        assertThat(update).noneMatch(e -> e.type() == StoreEventType.FAILED || e.type() == StoreEventType.READY);
        // The rollback re-applied every object of revision 1 (no half-applied store): the same steps as the update.
        assertThat(steps(update)).containsExactly("namespace", "resource-quota", "limit-range", "network-policies",
                "secret", "services", "content", "database", "application", "ingress",
                "namespace", "resource-quota", "limit-range", "network-policies", "secret", "services", "content",
                "database", "application", "ingress");

        Deployment app = deployment(store);
        assertThat(app.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo(OLD_IMAGE);
        assertThat(app.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry(StoreLabels.REVISION, "1");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(harness.row(store.storeId()))
                .containsEntry("status", "READY").containsEntry("revision", 1).containsEntry("version", "6.6"));
        // Rolled back and settled: no second rollback from a wake-up of the failed update still on its way.
        int settled = harness.eventsOf(store.storeId()).size();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> harness.eventsOf(store.storeId()).size() == settled);
    }

    @Test
    void anUpdateWhoseRollbackFailsTooFailsTheStoreSayingSo() throws Exception {
        StoreCommand store = readyStore("doomed-");
        harness.send(harness.update(store, 2, REVISION_2, REVISION_1));

        List<StoreEvent> update = awaitGeneration(store.storeId(), 2, e -> e.type() == StoreEventType.FAILED);
        assertThat(update).extracting(StoreEvent::type).contains(StoreEventType.ROLLING_BACK)
                .doesNotContain(StoreEventType.ROLLED_BACK);
        StoreEvent failed = update.getLast();
        assertThat(failed.reason()).isEqualTo("RollbackFailed");
        assertThat(failed.revision()).isEqualTo(1);
        assertThat(failed.message()).startsWith("the update to revision 2 failed and so did its rollback to "
                + "revision 1: CrashLoopBackOff: container wordpress");
        // A wake-up of the failed update may find it failed again before the rollback replaced its pods; it repeats
        // the same event (one id), which the API applies once.
        assertThat(update.stream().filter(e -> e.type() == StoreEventType.ROLLING_BACK).map(StoreEvent::eventId)
                .distinct()).hasSize(1);
    }

    @Test
    void aNewerUpdateSupersedesOneInFlight() throws Exception {
        StoreCommand store = readyStore("slow-");
        harness.send(harness.update(store, 2, REVISION_2, REVISION_1));
        awaitGeneration(store.storeId(), 2, e -> e.type() == StoreEventType.WAITING);

        StoreCommand.Target revision3 = new StoreCommand.Target(3, "medium", "6.6");
        harness.send(harness.update(store, 3, revision3, REVISION_1));

        List<StoreEvent> third = awaitGeneration(store.storeId(), 3, e -> e.type() == StoreEventType.READY);
        assertThat(third.getLast().revision()).isEqualTo(3);
        await().atMost(TIMEOUT).until(() -> harness.eventsOf(store.storeId()).stream()
                .anyMatch(e -> e.generation() == 2 && e.type() == StoreEventType.SUPERSEDED));
        assertThat(harness.eventsOf(store.storeId())).filteredOn(e -> e.generation() == 2)
                .noneMatch(e -> e.type() == StoreEventType.ROLLING_BACK || e.type() == StoreEventType.READY
                        || e.type() == StoreEventType.FAILED);
        assertThat(deployment(store).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(StoreLabels.GENERATION, "3").containsEntry(StoreLabels.REVISION, "3");

        // Medium's content volume is bigger, but the claim is created once: the store keeps the one it was made with,
        // and the drift checks (every 2 s here) do not call that drift.
        assertThat(third).filteredOn(e -> "content".equals(e.step())).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("PersistentVolumeClaim wp-content unchanged"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                harness.eventsOf(store.storeId()).stream().noneMatch(e -> e.type() == StoreEventType.DRIFT_CORRECTED));
        assertThat(harness.kube().persistentVolumeClaims().inNamespace(store.namespace())
                .withName(ContentVolume.CLAIM_NAME).get().getSpec().getResources().getRequests().get("storage"))
                .isEqualTo(new Quantity("2Gi"));
    }

    @Test
    void driftIsCorrectedAndNamedWhileAHealthyStoreStaysQuiet() throws Exception {
        StoreCommand store = readyStore("drift-");
        // Several checks (every 2 s here) of a store that matches: none may find anything to correct.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() ->
                harness.eventsOf(store.storeId()).stream().noneMatch(e -> e.type() == StoreEventType.DRIFT_CORRECTED));

        var kube = harness.kube();
        String ns = store.namespace();
        kube.network().networkPolicies().inNamespace(ns).withName(NetworkPolicies.ALLOW_DNS).delete();
        kube.apps().deployments().inNamespace(ns).withName("wordpress").edit(deployment -> {
            deployment.getSpec().setReplicas(0); // kubectl scale --replicas=0, without the scale subresource
            return deployment;
        });
        kube.resourceQuotas().inNamespace(ns).withName(NamespaceObjects.QUOTA_NAME).edit(quota -> {
            quota.getSpec().getHard().put("pods", new Quantity("99"));
            return quota;
        });
        kube.services().inNamespace(ns).withName("wordpress").edit(service -> {
            service.getMetadata().getLabels().remove(StoreLabels.PART_OF);
            return service;
        });
        // The content volume's claim is created once: only its loss is drift (a real cluster keeps it, protected, while
        // a pod mounts it; the simulator lets it go at once).
        kube.persistentVolumeClaims().inNamespace(ns).withName(ContentVolume.CLAIM_NAME).delete();

        List<String> wanted = List.of("NetworkPolicy allow-dns: recreated (was deleted)",
                "Deployment wordpress: spec.replicas 0 → 1", "ResourceQuota store-quota: spec.hard.pods 99 → 10",
                "Service wordpress: label app.kubernetes.io/part-of restored",
                "PersistentVolumeClaim wp-content: recreated (was deleted)");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(String.join("; ", harness.eventsOf(store.storeId())
                .stream().filter(e -> e.type() == StoreEventType.DRIFT_CORRECTED).map(StoreEvent::message).toList()))
                .contains(wanted));
        assertThat(harness.eventsOf(store.storeId())).filteredOn(e -> e.type() == StoreEventType.DRIFT_CORRECTED)
                .allSatisfy(e -> {
                    assertThat(e.step()).isEqualTo("drift");
                    assertThat(e.generation()).isEqualTo(1);
                });
        assertThat(kube.network().networkPolicies().inNamespace(ns).withName(NetworkPolicies.ALLOW_DNS).get())
                .isNotNull();
        assertThat(deployment(store).getSpec().getReplicas()).isEqualTo(1);
        assertThat(kube.resourceQuotas().inNamespace(ns).withName(NamespaceObjects.QUOTA_NAME).get().getSpec()
                .getHard().get("pods")).isEqualTo(new Quantity("10"));
        assertThat(kube.services().inNamespace(ns).withName("wordpress").get().getMetadata().getLabels())
                .containsEntry(StoreLabels.PART_OF, StoreLabels.PLATFORM);
        assertThat(kube.persistentVolumeClaims().inNamespace(ns).withName(ContentVolume.CLAIM_NAME).get())
                .isNotNull();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(harness.row(store.storeId()))
                .containsEntry("status", "READY"));
    }

    @Test
    void aStoreWhoseNamespaceWasDeletedIsProvisionedAgain() throws Exception {
        StoreCommand store = readyStore("vanished-");
        UUID tenant = UUID.randomUUID();
        try (java.sql.Connection c = harness.database.connect(); java.sql.Statement sql = c.createStatement()) {
            sql.execute("INSERT INTO tenants (id, name, max_stores, created_at) VALUES ('" + tenant + "', 'team-"
                    + tenant + "', 5, now())");
            sql.execute("UPDATE stores SET tenant_id = '" + tenant + "' WHERE id = '" + store.storeId() + "'");
        }
        int before = harness.eventsOf(store.storeId()).size();

        harness.kube().namespaces().withName(store.namespace()).delete();

        await().atMost(TIMEOUT).until(() -> harness.eventsOf(store.storeId()).stream().skip(before)
                .anyMatch(e -> e.type() == StoreEventType.READY));
        List<StoreEvent> again = harness.eventsOf(store.storeId()).stream().skip(before).toList();
        assertThat(again.getFirst().type()).isEqualTo(StoreEventType.REPROVISIONING);
        assertThat(again.getFirst().step()).isEqualTo("reprovision");
        assertThat(again.getFirst().message()).isEqualTo("namespace " + store.namespace()
                + " was deleted out of band; the store is provisioned again (revision 1: plan small, version 6.6)");
        assertThat(again).allSatisfy(e -> assertThat(e.generation()).isEqualTo(1));
        assertThat(steps(again)).contains("namespace", "network-policies", "application", "ingress");
        assertThat(again.stream().filter(e -> e.type() == StoreEventType.REPROVISIONING)).hasSize(1);
        assertThat(harness.kube().namespaces().withName(store.namespace()).get().getMetadata().getDeletionTimestamp())
                .isNull();
        assertThat(harness.kube().namespaces().withName(store.namespace()).get().getMetadata().getLabels())
                .as("provisioned again for its tenant").containsEntry(StoreLabels.TENANT, tenant.toString());
        assertThat(deployment(store)).isNotNull();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(harness.row(store.storeId()))
                .containsEntry("status", "READY"));
    }

    private StoreCommand readyStore(String prefix) throws Exception {
        StoreCommand command = harness.createStore(prefix + UUID.randomUUID().toString().substring(0, 8));
        harness.send(command);
        await().atMost(TIMEOUT).until(() -> harness.eventsOf(command.storeId()).stream()
                .anyMatch(e -> e.type() == StoreEventType.READY));
        await().atMost(TIMEOUT).until(() -> "READY".equals(harness.row(command.storeId()).get("status")));
        return command;
    }

    private List<StoreEvent> awaitGeneration(UUID storeId, long generation, Predicate<StoreEvent> last) {
        await().atMost(TIMEOUT).until(() -> harness.eventsOf(storeId).stream()
                .anyMatch(e -> e.generation() == generation && last.test(e)));
        return harness.eventsOf(storeId).stream().filter(e -> e.generation() == generation).toList();
    }

    private Deployment deployment(StoreCommand store) {
        return harness.kube().apps().deployments().inNamespace(store.namespace()).withName("wordpress").get();
    }

    private static List<String> steps(List<StoreEvent> events) {
        return events.stream().filter(e -> e.type() == StoreEventType.STEP).map(StoreEvent::step).toList();
    }
}
