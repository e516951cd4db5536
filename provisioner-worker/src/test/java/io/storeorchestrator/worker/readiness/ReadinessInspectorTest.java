package io.storeorchestrator.worker.readiness;

import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.worker.model.StoreSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessInspectorTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private final StoreSpec store = new StoreSpec(UUID.randomUUID(), "shop", Engine.WOOCOMMERCE, 2, "store-x", "shop.example",
            StoreCatalogLoader.defaults().plan("small").orElseThrow(),
            StoreCatalogLoader.defaults().version(Engine.WOOCOMMERCE, null).orElseThrow(), 1);
    private final ReadinessInspector inspector = new ReadinessInspector(store, Duration.ofSeconds(60));

    @Test
    void readyWhenBothWorkloadsRolledOutAndReady() {
        var snapshot = snapshot(deployment(2, 2, 1, 1), statefulSet(1, 1, 1, 1), List.of(Pods.running("p", 2)));

        assertThat(inspector.inspect(snapshot, NOW)).isInstanceOf(ReadinessVerdict.Ready.class);
    }

    @Test
    void notReadyWhileTheControllerHasNotSeenTheLatestSpec() {
        var snapshot = snapshot(deployment(3, 2, 1, 1), statefulSet(1, 1, 1, 1), List.of());

        assertThat(inspector.inspect(snapshot, NOW)).isEqualTo(new ReadinessVerdict.NotReady(
                "Deployment wordpress spec not yet observed by its controller"));
    }

    @Test
    void notReadyWhileOldReplicasAreTheOnlyReadyOnes() {
        var snapshot = snapshot(deployment(2, 2, 0, 1), statefulSet(1, 1, 1, 1), List.of());

        assertThat(inspector.inspect(snapshot, NOW)).isEqualTo(new ReadinessVerdict.NotReady(
                "Deployment wordpress 1/1 ready, 0/1 updated"));
    }

    @Test
    void missingWorkloadsAreNamed() {
        var verdict = inspector.inspect(snapshot(null, null, List.of()), NOW);

        assertThat(verdict).isEqualTo(new ReadinessVerdict.NotReady(
                "StatefulSet mariadb missing; Deployment wordpress missing"));
    }

    @Test
    void aCrashingPodOfThisGenerationFailsEvenThoughWorkloadsAreNotReady() {
        var crashing = Pods.waiting("wordpress-1", 2, "wordpress", "CrashLoopBackOff", "back-off");
        var verdict = inspector.inspect(snapshot(deployment(1, 1, 0, 0), statefulSet(1, 1, 1, 1),
                List.of(crashing)), NOW);

        assertThat(verdict).isEqualTo(new ReadinessVerdict.Failed("CrashLoopBackOff",
                "container wordpress in pod wordpress-1: back-off"));
    }

    @Test
    void unschedulablePodsWithinGraceShowInTheWaitingMessage() {
        var verdict = inspector.inspect(snapshot(deployment(1, 1, 1, 1), statefulSet(1, 1, 0, 0),
                List.of(Pods.unschedulable("mariadb-0", 2, null))), NOW);

        assertThat(verdict).isEqualTo(new ReadinessVerdict.NotReady(
                "StatefulSet mariadb 0/1 ready, 0/1 updated; pod mariadb-0 unschedulable"));
    }

    @Test
    void anUnschedulablePodPastItsGraceFailsWithTheUnschedulableReason() {
        var verdict = inspector.inspect(snapshot(deployment(1, 1, 1, 1), statefulSet(1, 1, 0, 0),
                List.of(Pods.unschedulable("mariadb-0", 2, NOW.minusSeconds(61)))), NOW);

        assertThat(verdict).isEqualTo(new ReadinessVerdict.Failed("Unschedulable",
                "pod mariadb-0: 0/1 nodes are available: 1 Insufficient cpu."));
    }

    @Test
    void aCrashingPodOfAnOlderGenerationDoesNotFailARetry() {
        var oldCrash = Pods.waiting("wordpress-old", 1, "wordpress", "CrashLoopBackOff", "back-off");
        var verdict = inspector.inspect(snapshot(deployment(1, 1, 1, 1), statefulSet(1, 1, 1, 1),
                List.of(oldCrash)), NOW);

        assertThat(verdict).isInstanceOf(ReadinessVerdict.Ready.class);
    }

    private final StoreSpec medusa = new StoreSpec(UUID.randomUUID(), "shop", Engine.MEDUSA, 2, "store-y", "shop.example",
            StoreCatalogLoader.defaults().plan("small").orElseThrow(),
            StoreCatalogLoader.defaults().version(Engine.MEDUSA, null).orElseThrow(), 1);
    private final ReadinessInspector medusaInspector = new ReadinessInspector(medusa, Duration.ofSeconds(60));

    private io.storeorchestrator.worker.model.WaitStep medusaWait(io.storeorchestrator.common.lifecycle.StepName step) {
        return medusa.blueprint().waitAt(medusa, step).orElseThrow();
    }

    @Test
    void medusaGetsPastWaitDatabaseOnceItsDatabaseAndRedisAreReadyWithNoAppYet() {
        var wait = medusaWait(io.storeorchestrator.common.lifecycle.StepName.WAIT_DATABASE);
        var onlyPostgres = ClusterSnapshot.of(List.of(), List.of(statefulSet("postgres", 1, 1, 1, 1)), List.of(),
                List.of());
        var both = ClusterSnapshot.of(List.of(), List.of(statefulSet("postgres", 1, 1, 1, 1),
                statefulSet("redis", 1, 1, 1, 1)), List.of(), List.of());

        assertThat(medusaInspector.inspect(wait, onlyPostgres, NOW))
                .isEqualTo(new ReadinessVerdict.NotReady("StatefulSet redis missing"));
        assertThat(medusaInspector.inspect(wait, both, NOW)).isInstanceOf(ReadinessVerdict.Ready.class);
    }

    @Test
    void medusaWaitsAtMigrationsForItsJobAndFailsWithIt() {
        var wait = medusaWait(io.storeorchestrator.common.lifecycle.StepName.MIGRATIONS);

        assertThat(medusaInspector.inspect(wait, jobs(job("medusa-migrate-r1", null, null)), NOW))
                .isEqualTo(new ReadinessVerdict.NotReady("Job medusa-migrate-r1 not complete"));
        assertThat(medusaInspector.inspect(wait, jobs(job("medusa-migrate-r1", "Complete", null)), NOW))
                .isInstanceOf(ReadinessVerdict.Ready.class);
        assertThat(medusaInspector.inspect(wait, jobs(job("medusa-migrate-r1", "Failed", "BackoffLimitExceeded")), NOW))
                .isInstanceOfSatisfying(ReadinessVerdict.Failed.class,
                        failed -> assertThat(failed.reason()).isEqualTo("BackoffLimitExceeded"));
    }

    @Test
    void medusaIsReadyOnlyWithEveryWorkloadReadyAndBothJobsComplete() {
        List<StatefulSet> data = List.of(statefulSet("postgres", 1, 1, 1, 1), statefulSet("redis", 1, 1, 1, 1));
        Deployment app = new DeploymentBuilder(deployment(1, 1, 1, 1)).editMetadata().withName("medusa").endMetadata()
                .build();
        var adminRunning = ClusterSnapshot.of(List.of(app), data, List.of(job("medusa-migrate-r1", "Complete", null),
                job("medusa-admin-user", null, null)), List.of());
        var allDone = ClusterSnapshot.of(List.of(app), data, List.of(job("medusa-migrate-r1", "Complete", null),
                job("medusa-admin-user", "Complete", null)), List.of());

        assertThat(medusaInspector.inspect(adminRunning, NOW))
                .isEqualTo(new ReadinessVerdict.NotReady("Job medusa-admin-user not complete"));
        assertThat(medusaInspector.inspect(allDone, NOW)).isInstanceOf(ReadinessVerdict.Ready.class);
    }

    private static ClusterSnapshot jobs(io.fabric8.kubernetes.api.model.batch.v1.Job... jobs) {
        return ClusterSnapshot.of(List.of(), List.of(), List.of(jobs), List.of());
    }

    private static io.fabric8.kubernetes.api.model.batch.v1.Job job(String name, String condition, String reason) {
        var job = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withNewTemplate().withNewMetadata()
                .withAnnotations(java.util.Map.of(io.storeorchestrator.common.naming.StoreLabels.GENERATION, "2"))
                .endMetadata().endTemplate().endSpec();
        var status = job.withNewStatus();
        if (condition != null) {
            status.addNewCondition().withType(condition).withStatus("True").withReason(reason).endCondition();
        }
        return status.endStatus().build();
    }

    private static ClusterSnapshot snapshot(Deployment deployment, StatefulSet statefulSet, List<Pod> pods) {
        return ClusterSnapshot.of(java.util.Arrays.asList(deployment), java.util.Arrays.asList(statefulSet), List.of(),
                pods);
    }

    private static Deployment deployment(long generation, long observed, int updated, int ready) {
        return new DeploymentBuilder().withNewMetadata().withName("wordpress").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(1).endSpec()
                .withNewStatus().withObservedGeneration(observed).withUpdatedReplicas(updated).withReadyReplicas(ready)
                .withAvailableReplicas(ready).endStatus().build();
    }

    private static StatefulSet statefulSet(long generation, long observed, int updated, int ready) {
        return statefulSet("mariadb", generation, observed, updated, ready);
    }

    private static StatefulSet statefulSet(String name, long generation, long observed, int updated, int ready) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(1).endSpec()
                .withNewStatus().withObservedGeneration(observed).withUpdatedReplicas(updated).withReadyReplicas(ready)
                .withAvailableReplicas(ready).endStatus().build();
    }

    @Test
    void aWorkloadStillOnAnotherRevisionIsNotReadyHoweverWellItRuns() {
        // The Deployment serves revision 1 of this generation: a look for revision 2 must not take it for its own.
        var verdict = inspector(2).inspect(ClusterSnapshot.of(java.util.Arrays.asList(stamped(deployment(2, 2, 1, 1), 2, 1)), java.util.Arrays.asList(stamped(statefulSet(1, 1, 1, 1), 2, 2)), List.of(), List.of(Pods.running("p", 2, 1))), NOW);

        assertThat(verdict).isEqualTo(new ReadinessVerdict.NotReady(
                "Deployment wordpress not yet at revision 2 (generation 2)"));
    }

    @Test
    void readyOnceBothTemplatesCarryTheRevisionAndRolledOut() {
        var verdict = inspector(2).inspect(ClusterSnapshot.of(java.util.Arrays.asList(stamped(deployment(3, 3, 1, 1), 2, 2)), java.util.Arrays.asList(stamped(statefulSet(2, 2, 1, 1), 2, 2)), List.of(), List.of()), NOW);

        assertThat(verdict).isInstanceOf(ReadinessVerdict.Ready.class);
    }

    @Test
    void readyReplicasNotYetAvailableAreWaitedFor() {
        Deployment deployment = deployment(2, 2, 1, 1);
        deployment.getStatus().setAvailableReplicas(null);

        assertThat(inspector.inspect(ClusterSnapshot.of(java.util.Arrays.asList(deployment), java.util.Arrays.asList(statefulSet(1, 1, 1, 1)), List.of(), List.of()), NOW))
                .isEqualTo(new ReadinessVerdict.NotReady("Deployment wordpress 1/1 ready, 1/1 updated, 0/1 available"));
    }

    @Test
    void aRollbackDoesNotFailOnTheCrashLoopOfTheUpdateItUndoes() {
        var updateCrash = Pods.waiting("wordpress-new", 2, 2, "wordpress", "CrashLoopBackOff", "back-off");
        var verdict = inspector(1).inspect(ClusterSnapshot.of(java.util.Arrays.asList(stamped(deployment(4, 4, 1, 1), 2, 1)), java.util.Arrays.asList(stamped(statefulSet(3, 3, 1, 1), 2, 1)), List.of(), List.of(updateCrash, Pods.running("wordpress-old", 2, 1))), NOW);

        assertThat(verdict).isInstanceOf(ReadinessVerdict.Ready.class);
    }

    private ReadinessInspector inspector(int revision) {
        StoreSpec spec = new StoreSpec(store.id(), store.name(), store.engine(), store.generation(), store.namespace(),
                store.host(), store.plan(), store.version(), revision);
        return new ReadinessInspector(spec, Duration.ofSeconds(60));
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T stamped(T workload, long generation,
                                                                                  int revision) {
        var template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder().withNewMetadata()
                .addToAnnotations(io.storeorchestrator.common.naming.StoreLabels.GENERATION, Long.toString(generation))
                .addToAnnotations(io.storeorchestrator.common.naming.StoreLabels.REVISION, Integer.toString(revision))
                .endMetadata().build();
        if (workload instanceof Deployment deployment) {
            deployment.getSpec().setTemplate(template);
        } else if (workload instanceof StatefulSet statefulSet) {
            statefulSet.getSpec().setTemplate(template);
        }
        return workload;
    }
}
