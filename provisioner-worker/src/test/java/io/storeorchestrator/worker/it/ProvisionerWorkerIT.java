package io.storeorchestrator.worker.it;

import com.rabbitmq.client.GetResponse;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.storeorchestrator.common.domain.StoreSecretKeys;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.model.ContentVolume;
import io.storeorchestrator.worker.model.IngressObjects;
import io.storeorchestrator.worker.model.NamespaceObjects;
import io.storeorchestrator.worker.model.NetworkPolicies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker end to end: real PostgreSQL and RabbitMQ, the cluster simulator, commands in and events out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisionerWorkerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> APPLY_STEPS = List.of("namespace", "resource-quota", "limit-range",
            "network-policies", "secret", "services", "content", "database", "application", "ingress");

    private WorkerHarness harness;
    private EmbeddedServer worker;

    @BeforeAll
    void startWorker() throws Exception {
        harness = new WorkerHarness();
        worker = harness.startWorker(Map.of());
    }

    @AfterAll
    void stopWorker() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void provisionsEveryObjectStepByStepThenReportsReady() throws Exception {
        StoreCommand command = harness.createStore("shop-" + suffix());
        harness.send(command);

        List<StoreEvent> events = awaitEvent(command.storeId(), StoreEventType.READY);
        assertThat(events.getFirst().type()).isEqualTo(StoreEventType.STARTED);
        assertThat(events).allSatisfy(e -> assertThat(e.generation()).isEqualTo(1));
        assertThat(steps(events)).containsExactlyElementsOf(APPLY_STEPS);
        assertThat(stepMessages(events)).allSatisfy(m -> assertThat(m).contains("created").doesNotContain("unchanged"));
        assertThat(events.getLast().step()).isEqualTo("wait-ready");

        String ns = command.namespace();
        Namespace namespace = harness.kube().namespaces().withName(ns).get();
        Map<String, String> storeLabels = StoreLabels.forStore(command.storeId(), command.storeName(), "woocommerce");
        assertThat(namespace.getMetadata().getLabels()).containsAllEntriesOf(storeLabels);
        assertThat(namespace.getMetadata().getAnnotations()).containsEntry(StoreLabels.GENERATION, "1")
                .containsEntry(StoreLabels.HOST, command.host());
        var kube = harness.kube();
        List<HasMetadata> objects = List.of(
                kube.resourceQuotas().inNamespace(ns).withName(NamespaceObjects.QUOTA_NAME).get(),
                kube.limitRanges().inNamespace(ns).withName(NamespaceObjects.LIMIT_RANGE_NAME).get(),
                kube.network().networkPolicies().inNamespace(ns).withName(NetworkPolicies.DEFAULT_DENY).get(),
                kube.network().networkPolicies().inNamespace(ns).withName(NetworkPolicies.ALLOW_DNS).get(),
                kube.secrets().inNamespace(ns).withName(StoreSecretKeys.SECRET_NAME).get(),
                kube.apps().statefulSets().inNamespace(ns).withName("mariadb").get(),
                kube.services().inNamespace(ns).withName("mariadb").get(),
                kube.apps().deployments().inNamespace(ns).withName("wordpress").get(),
                kube.services().inNamespace(ns).withName("wordpress").get(),
                kube.network().v1().ingresses().inNamespace(ns).withName(IngressObjects.INGRESS_NAME).get(),
                kube.persistentVolumeClaims().inNamespace(ns).withName(ContentVolume.CLAIM_NAME).get());
        assertThat(objects).allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                .containsAllEntriesOf(storeLabels));
        // wp-content: the plan's size, mounted by the app's pods, which gather on its node (ReadWriteOnce).
        PersistentVolumeClaim content = (PersistentVolumeClaim) objects.getLast();
        assertThat(content.getSpec().getResources().getRequests().get("storage")).isEqualTo(new Quantity("2Gi"));
        assertThat(content.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        var appPod = kube.apps().deployments().inNamespace(ns).withName("wordpress").get().getSpec().getTemplate()
                .getSpec();
        assertThat(appPod.getVolumes()).singleElement().satisfies(volume -> assertThat(volume
                .getPersistentVolumeClaim().getClaimName()).isEqualTo(ContentVolume.CLAIM_NAME));
        assertThat(appPod.getContainers().getFirst().getVolumeMounts()).singleElement()
                .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/var/www/html/wp-content"));
        assertThat(appPod.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(term -> assertThat(term.getTopologyKey())
                        .isEqualTo("kubernetes.io/hostname"));
        assertThat(kube.network().networkPolicies().inNamespace(ns).list().getItems()).hasSize(6);
        assertThat(kube.apps().deployments().inNamespace(ns).withName("wordpress").get().getSpec().getTemplate()
                .getMetadata().getAnnotations()).containsEntry(StoreLabels.GENERATION, "1");
        Secret secret = (Secret) objects.get(4);
        List<String> secretValues = secret.getData().values().stream()
                .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)).toList();
        assertThat(events).allSatisfy(e -> assertThat(e.message()).doesNotContain(secretValues));

        // A READY store stays quiet: a wake-up still on its way (1 s here) finds it done and ends its chain.
        int settled = harness.eventsOf(command.storeId()).size();
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> harness.eventsOf(command.storeId()).size() == settled);

        // The same command again (a redelivery after a crash mid-provisioning, say) converges without changing anything.
        harness.updateStore(command.storeId(), StoreStatus.PROVISIONING, 1);
        int before = harness.eventsOf(command.storeId()).size();
        harness.send(WorkerHarness.redelivery(command));
        await().atMost(TIMEOUT).until(() -> harness.eventsOf(command.storeId()).stream().skip(before)
                .anyMatch(e -> e.type() == StoreEventType.READY));
        List<StoreEvent> rerun = harness.eventsOf(command.storeId()).stream().skip(before).toList();
        assertThat(steps(rerun)).containsExactlyElementsOf(APPLY_STEPS);
        assertThat(stepMessages(rerun)).allSatisfy(m -> assertThat(m).contains("unchanged")
                .doesNotContain("created").doesNotContain("updated"));

        // Then a delete: the namespace goes, and only then DELETED.
        harness.updateStore(command.storeId(), StoreStatus.DELETING, 2);
        int beforeTeardown = harness.eventsOf(command.storeId()).size();
        harness.send(WorkerHarness.teardownOf(command, 2));
        await().atMost(TIMEOUT).until(() -> harness.eventsOf(command.storeId()).stream().skip(beforeTeardown)
                .anyMatch(e -> e.type() == StoreEventType.DELETED));
        // Late events of generation 1 (a wake-up that was already looking) may still arrive; the API ignores their
        // status moves, so only generation 2 is the teardown.
        List<StoreEvent> teardown = harness.eventsOf(command.storeId()).stream().skip(beforeTeardown)
                .filter(e -> e.generation() == 2).toList();
        assertThat(teardown.getFirst().type()).isEqualTo(StoreEventType.TEARDOWN_STARTED);
        assertThat(steps(teardown)).containsExactly("delete-namespace");
        assertThat(teardown.getLast().step()).isEqualTo("wait-namespace-gone");
        assertThat(harness.kube().namespaces().withName(ns).get()).isNull();
    }

    @Test
    void aDatabaseOutageHoldsTheCommandInsteadOfHandingItBack() throws Exception {
        StoreCommand command = harness.createStore("outage-" + suffix());
        var registry = worker.getApplicationContext().getBean(io.micrometer.core.instrument.MeterRegistry.class);
        double requeuedBefore = requeued(registry);
        harness.database.setAvailable(false);
        try {
            harness.send(command);
            // Several lock waits (1 s here) long: a worker that gave up and requeued would count against the
            // queue's delivery limit each time, and a long outage would dead-letter a good command.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> requeued(registry) == requeuedBefore);
        } finally {
            harness.database.setAvailable(true);
        }
        awaitEvent(command.storeId(), StoreEventType.READY);
        assertThat(requeued(registry)).isEqualTo(requeuedBefore);
    }

    private static double requeued(io.micrometer.core.instrument.MeterRegistry registry) {
        return registry.find("worker.commands.processed").tag("outcome", "requeued").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void aCrashLoopingAppFailsTheStoreNamingTheContainer() throws Exception {
        StoreCommand command = harness.createStore("crash-" + suffix());
        harness.send(command);

        StoreEvent failed = awaitEvent(command.storeId(), StoreEventType.FAILED).getLast();
        assertThat(failed.step()).isEqualTo("wait-ready");
        assertThat(failed.reason()).isEqualTo("CrashLoopBackOff");
        assertThat(failed.message()).startsWith("container wordpress in pod wordpress-");
    }

    @Test
    void aCommandForAnOlderGenerationIsSupersededBeforeItTouchesTheCluster() throws Exception {
        StoreCommand command = harness.createStore("old-" + suffix());
        harness.updateStore(command.storeId(), StoreStatus.QUEUED, 2);
        harness.send(command);

        List<StoreEvent> events = awaitEvent(command.storeId(), StoreEventType.SUPERSEDED);
        assertThat(events).extracting(StoreEvent::type).containsExactly(StoreEventType.SUPERSEDED);
        assertThat(harness.kube().namespaces().withName(command.namespace()).get()).isNull();
    }

    @Test
    void aDeleteArrivingDuringTheWaitStopsItPromptly() throws Exception {
        // Unschedulable pods keep the wait going for the whole (default 60 s) grace.
        StoreCommand command = harness.createStore("unschedulable-" + suffix());
        harness.send(command);
        awaitEvent(command.storeId(), StoreEventType.WAITING);

        harness.updateStore(command.storeId(), StoreStatus.DELETING, 2);

        StoreEvent last = await().atMost(Duration.ofSeconds(5)).until(
                () -> harness.eventsOf(command.storeId()).getLast(), e -> e.type() == StoreEventType.SUPERSEDED);
        assertThat(last.step()).isEqualTo("wait-ready");
        assertThat(harness.eventsOf(command.storeId())).noneMatch(e -> e.type() == StoreEventType.FAILED
                || e.type() == StoreEventType.READY);
    }

    @Test
    void aStoreNotReadyByItsDeadlineFailsSayingWhatIsStillMissing() throws Exception {
        StoreCommand created = harness.createStore("unschedulable-" + suffix());
        StoreCommand command = new StoreCommand(created.commandId(), created.type(), created.storeId(),
                created.storeName(), created.engine(), created.generation(), created.namespace(), created.host(),
                Instant.now().plusSeconds(2), Instant.now(), null);
        harness.send(command);

        StoreEvent failed = awaitEvent(command.storeId(), StoreEventType.FAILED).getLast();
        assertThat(failed.step()).isEqualTo("wait-ready");
        assertThat(failed.reason()).isEqualTo("DeadlineExceeded");
        assertThat(failed.message()).startsWith("not ready ").contains("after the request: ").contains("unschedulable");
    }

    @Test
    void aMalformedCommandIsDeadLetteredNotDropped() {
        String messageId = "malformed-" + suffix();
        harness.sendRaw("provision", messageId, "{not json".getBytes(StandardCharsets.UTF_8));

        GetResponse dead = await().atMost(TIMEOUT).until(harness::getDeadCommand, r -> r != null);
        assertThat(dead.getProps().getMessageId()).isEqualTo(messageId);
    }

    @Test
    void aStoreLeasedElsewhereParksUntilTheLeaseIsFree() throws Exception {
        StoreCommand command = harness.createStore("leased-" + suffix());
        harness.holdLease(command.storeId(), Instant.now().plusSeconds(3));
        harness.send(command);
        // The command parks and comes back (1 s here) without starting while another holder has the store.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(3))
                .until(() -> harness.eventsOf(command.storeId()).isEmpty());
        awaitEvent(command.storeId(), StoreEventType.READY);
    }

    @Test
    void twoCommandsForOneStoreNeverOverlap() throws Exception {
        StoreCommand command = harness.createStore("twice-" + suffix());
        harness.send(command);
        harness.send(WorkerHarness.redelivery(command));

        awaitEvent(command.storeId(), StoreEventType.READY);
        await().atMost(TIMEOUT).until(() -> harness.eventsOf(command.storeId()).stream()
                .filter(e -> e.type() == StoreEventType.STARTED).count() <= 2);
        // Serialised by the store's lease: a run reaches the point where it parks or ends (WAITING, READY) before
        // another one starts; the second one either converged with everything unchanged or found the store READY.
        boolean running = false;
        for (StoreEvent event : harness.eventsOf(command.storeId())) {
            if (event.type() == StoreEventType.STARTED) {
                assertThat(running).as("a run started while another was running").isFalse();
                running = true;
            } else if (event.type() == StoreEventType.WAITING || event.type() == StoreEventType.READY) {
                running = false;
            }
        }
    }

    @Test
    void storesWaitingForTheirPodsHoldNoSlot() throws Exception {
        // Unschedulable pods keep these stores waiting for the whole 60 s grace; with one slot a blocking wait
        // would hold the worker, and the last store could not start.
        EmbeddedServer single = harness.startWorker(Map.of("worker.concurrency", 1));
        try {
            List<StoreCommand> waiting = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiting.add(harness.createStore("unschedulable-" + suffix()));
            }
            waiting.forEach(harness::send);
            for (StoreCommand command : waiting) {
                awaitEvent(command.storeId(), StoreEventType.WAITING);
            }
            StoreCommand next = harness.createStore("after-" + suffix());
            harness.send(next);
            awaitEvent(next.storeId(), StoreEventType.READY);
            assertThat(waiting).allSatisfy(command -> assertThat(harness.eventsOf(command.storeId()))
                    .noneMatch(e -> e.type() == StoreEventType.READY || e.type() == StoreEventType.FAILED));
        } finally {
            stop(single);
        }
    }

    @Test
    void aWatchEventWakesAParkedStoreLongBeforeItsDurableWakeUp() throws Exception {
        // Pods turn ready 300 ms after they are created; the durable wake-up would come only after a minute.
        EmbeddedServer watching = harness.startWorker(Map.of("worker.recheck-interval", "60s",
                "worker.concurrency", 2));
        try {
            await().atMost(TIMEOUT).until(() -> watching.getApplicationContext()
                    .getBean(io.storeorchestrator.worker.kube.WorkloadWatch.class).synced());
            stop(worker);
            // A burst, so that watch events also arrive while stores are still being applied: none may be lost.
            List<StoreCommand> commands = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                commands.add(harness.createStore("watched-" + i + "-" + suffix()));
            }
            commands.forEach(harness::send);
            for (StoreCommand command : commands) {
                await().atMost(Duration.ofSeconds(30)).until(() -> harness.eventsOf(command.storeId()).stream()
                        .anyMatch(e -> e.type() == StoreEventType.READY));
            }
            assertThat(commands).anySatisfy(command -> assertThat(harness.eventsOf(command.storeId()))
                    .extracting(StoreEvent::type).contains(StoreEventType.WAITING));
        } finally {
            stop(watching);
            worker = harness.startWorker(Map.of());
        }
    }

    @Test
    void aCommandDeliveredTooOftenFailsTheStoreBeforeItIsDeadLettered() throws Exception {
        StoreCommand command = harness.createStore("poison-" + suffix());
        harness.sendWithDeliveryCount(command, io.storeorchestrator.common.messaging.Topology.COMMAND_DELIVERY_LIMIT);

        StoreEvent failed = awaitEvent(command.storeId(), StoreEventType.FAILED).getLast();
        assertThat(failed.reason()).isEqualTo("DeliveryLimitReached");
        assertThat(failed.message()).startsWith("gave up after 20 deliveries");
        GetResponse dead = await().atMost(TIMEOUT).until(harness::getDeadCommand, r -> r != null);
        assertThat(dead.getProps().getMessageId()).isEqualTo(command.commandId().toString());
    }

    @Test
    void exposesHealthAndPrometheusMetrics() throws Exception {
        try (HttpClient http = HttpClient.create(new URL("http://localhost:" + worker.getPort()))) {
            assertThat(http.toBlocking().retrieve("/health")).contains("UP");
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(http.toBlocking().retrieve("/prometheus"))
                    .contains("store_orchestrator_steps_in_flight").contains("store_orchestrator_stores_waiting")
                    .contains("store_orchestrator_step_slots 4.0"));
        }
    }

    private static void stop(EmbeddedServer server) {
        server.stop();
        if (server.getApplicationContext().isRunning()) {
            server.getApplicationContext().close();
        }
    }

    private List<StoreEvent> awaitEvent(UUID storeId, StoreEventType type) {
        await().atMost(TIMEOUT).until(() -> harness.eventsOf(storeId).stream().anyMatch(e -> e.type() == type));
        return harness.eventsOf(storeId);
    }

    private static List<String> steps(List<StoreEvent> events) {
        return events.stream().filter(e -> e.type() == StoreEventType.STEP).map(StoreEvent::step).toList();
    }

    private static List<String> stepMessages(List<StoreEvent> events) {
        return events.stream().filter(e -> e.type() == StoreEventType.STEP).map(StoreEvent::message).toList();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
