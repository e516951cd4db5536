package io.storeorchestrator.worker.it;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.clustersim.kubelet.FailureMode;
import io.storeorchestrator.clustersim.kubelet.FailureRule;
import io.storeorchestrator.clustersim.kubelet.FailureTarget;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreSecretKeys;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.model.NetworkPolicies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Medusa store end to end on the worker: real PostgreSQL and RabbitMQ, the cluster simulator running its Jobs. The
 * migration Job runs before the app exists, the store is READY with both Jobs complete, a failed migration fails the
 * store with the Job's reason and its container's message, and a retry replaces the failed Job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MedusaProvisioningIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(45);
    private static final List<String> MEDUSA_STEPS = List.of("namespace", "resource-quota", "limit-range",
            "network-policies", "secret", "services", "database", "cache", "wait-database", "migrations",
            "migrations", "admin-user", "application", "ingress");

    private WorkerHarness harness;

    @BeforeAll
    void startWorker() throws Exception {
        harness = new WorkerHarness();
        harness.startWorker(Map.of());
    }

    @AfterAll
    void stopWorker() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aMedusaStoreMigratesBeforeItsAppStartsAndIsReadyWithBothJobsComplete() throws Exception {
        StoreCommand command = harness.createStore("medusa-" + suffix(), Engine.MEDUSA);
        harness.send(command);

        List<StoreEvent> events = awaitEvent(command.storeId(), StoreEventType.READY);
        assertThat(events.getFirst().type()).isEqualTo(StoreEventType.STARTED);
        assertThat(steps(events)).containsExactlyElementsOf(MEDUSA_STEPS);
        assertThat(events.getLast().type()).isEqualTo(StoreEventType.READY);
        assertThat(events.getLast().step()).isEqualTo("wait-ready");
        assertThat(stepMessage(events, "wait-database", 0)).isEqualTo("StatefulSet postgres ready, StatefulSet redis ready");
        assertThat(stepMessage(events, "migrations", 0)).isEqualTo("Job medusa-migrate-r1 created");
        assertThat(stepMessage(events, "migrations", 1)).isEqualTo("Job medusa-migrate-r1 complete");
        assertThat(stepMessage(events, "admin-user", 0)).isEqualTo("Job medusa-admin-user created");
        assertThat(events).filteredOn(e -> e.type() == StoreEventType.WAITING)
                .allSatisfy(e -> assertThat(e.step()).isIn("wait-database", "migrations", "wait-ready"));

        KubernetesClient kube = harness.kube();
        String ns = command.namespace();
        Job migrations = kube.batch().v1().jobs().inNamespace(ns).withName("medusa-migrate-r1").get();
        Job adminUser = kube.batch().v1().jobs().inNamespace(ns).withName("medusa-admin-user").get();
        assertThat(List.of(migrations, adminUser)).allSatisfy(job -> {
            assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
            assertThat(condition(job, "Complete").getStatus()).isEqualTo("True");
        });
        Deployment app = kube.apps().deployments().inNamespace(ns).withName("medusa").get();
        assertThat(Instant.parse(app.getMetadata().getCreationTimestamp()))
                .as("the app is created once its migrations are done")
                .isAfterOrEqualTo(Instant.parse(migrations.getStatus().getCompletionTime()));
        assertThat(app.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(kube.apps().statefulSets().inNamespace(ns).withName("postgres").get().getStatus().getReadyReplicas())
                .isEqualTo(1);
        assertThat(kube.apps().statefulSets().inNamespace(ns).withName("redis").get().getStatus().getReadyReplicas())
                .isEqualTo(1);
        assertThat(kube.services().inNamespace(ns).list().getItems()).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("postgres", "redis", "medusa");
        assertThat(kube.network().networkPolicies().inNamespace(ns).list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .contains(NetworkPolicies.ALLOW_APP_TO_CACHE, NetworkPolicies.ALLOW_CACHE_FROM_APP).hasSize(8);

        // The admin password, like every generated value, is only in the Secret: not in any spec, event or env value.
        Secret secret = kube.secrets().inNamespace(ns).withName(StoreSecretKeys.SECRET_NAME).get();
        assertThat(secret.getData()).containsKeys(StoreSecretKeys.ADMIN_PASSWORD, StoreSecretKeys.COOKIE_SECRET);
        List<String> secretValues = secret.getData().values().stream()
                .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)).toList();
        assertThat(events).allSatisfy(e -> assertThat(e.message()).doesNotContain(secretValues));
        List<String> literalEnv = List.of(app, adminUser, migrations).stream()
                .flatMap(o -> podEnv(o).stream()).filter(e -> e.getValue() != null).map(EnvVar::getValue).toList();
        assertThat(literalEnv).isNotEmpty().allSatisfy(value -> assertThat(value).doesNotContain(secretValues));
        assertThat(kube.resource(adminUser).get().toString()).doesNotContain(secretValues);
    }

    @Test
    void aFailedMigrationFailsTheStoreWithTheJobsReasonAndItsContainersMessageBeforeTheAppExists() throws Exception {
        // jobfail-*: the simulator fails every pod of the store's Jobs (cluster-sim's default rules).
        StoreCommand command = harness.createStore("jobfail-" + suffix(), Engine.MEDUSA);
        harness.send(command);

        List<StoreEvent> events = awaitEvent(command.storeId(), StoreEventType.FAILED);
        StoreEvent failed = events.getLast();
        assertThat(failed.type()).isEqualTo(StoreEventType.FAILED);
        assertThat(failed.step()).isEqualTo("migrations");
        assertThat(failed.reason()).isEqualTo("BackoffLimitExceeded");
        assertThat(failed.message()).startsWith("Job medusa-migrate-r1 failed: BackoffLimitExceeded")
                .contains("container migrate in pod medusa-migrate-r1-")
                .contains("exited with code 1 (Error): cluster-sim rule jobfail-*: migrate exited with code 1");
        assertThat(steps(events)).doesNotContain("admin-user", "application", "ingress");
        assertThat(harness.kube().apps().deployments().inNamespace(command.namespace()).withName("medusa").get())
                .as("the app never starts on an unmigrated database").isNull();
        assertThat(harness.kube().pods().inNamespace(command.namespace())
                .withLabel("batch.kubernetes.io/job-name", "medusa-migrate-r1").list().getItems())
                .as("backoffLimit 2: three attempts").hasSize(3);
    }

    @Test
    void aRetryReplacesTheMigrationJobThatFailedAndTheStoreGetsReady() throws Exception {
        harness.sim.kubelet().addRule(FailureRule.forStoreNamePrefix("flakymigrate-", FailureMode.EXIT_ERROR,
                FailureTarget.JOB, true));
        StoreCommand command = harness.createStore("flakymigrate-" + suffix(), Engine.MEDUSA);
        harness.send(command);
        awaitEvent(command.storeId(), StoreEventType.FAILED);

        harness.updateStore(command.storeId(), StoreStatus.QUEUED, 2);
        int before = harness.eventsOf(command.storeId()).size();
        harness.send(new StoreCommand(UUID.randomUUID(), CommandType.PROVISION, command.storeId(),
                command.storeName(), command.engine(), 2, command.namespace(), command.host(),
                Instant.now().plus(Duration.ofMinutes(2)), Instant.now(), null));

        await().atMost(TIMEOUT).until(() -> harness.eventsOf(command.storeId()).stream().skip(before)
                .anyMatch(e -> e.type() == StoreEventType.READY));
        List<StoreEvent> retry = harness.eventsOf(command.storeId()).stream().skip(before)
                .filter(e -> e.generation() == 2).toList();
        assertThat(stepMessage(retry, "migrations", 0)).isEqualTo("Job medusa-migrate-r1 replaced");
        assertThat(condition(harness.kube().batch().v1().jobs().inNamespace(command.namespace())
                .withName("medusa-migrate-r1").get(), "Complete").getStatus()).isEqualTo("True");
    }

    private static List<EnvVar> podEnv(io.fabric8.kubernetes.api.model.HasMetadata workload) {
        var template = workload instanceof Job job ? job.getSpec().getTemplate()
                : ((Deployment) workload).getSpec().getTemplate();
        return template.getSpec().getContainers().stream().flatMap(c -> c.getEnv().stream()).toList();
    }

    private static JobCondition condition(Job job, String type) {
        return job.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition on Job " + job.getMetadata().getName()));
    }

    private List<StoreEvent> awaitEvent(UUID storeId, StoreEventType type) {
        await().atMost(TIMEOUT).until(() -> harness.eventsOf(storeId).stream().anyMatch(e -> e.type() == type));
        return harness.eventsOf(storeId);
    }

    private static List<String> steps(List<StoreEvent> events) {
        return events.stream().filter(e -> e.type() == StoreEventType.STEP).map(StoreEvent::step).toList();
    }

    /** The message of the {@code index}th STEP event of {@code step}. */
    private static String stepMessage(List<StoreEvent> events, String step, int index) {
        return events.stream().filter(e -> e.type() == StoreEventType.STEP && e.step().equals(step))
                .skip(index).findFirst().map(StoreEvent::message)
                .orElseThrow(() -> new AssertionError("no STEP event " + index + " of " + step + " in " + events));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
