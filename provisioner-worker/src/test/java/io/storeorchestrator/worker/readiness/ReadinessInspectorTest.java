package io.storeorchestrator.worker.readiness;

import io.storeorchestrator.common.catalog.StoreCatalogLoader;
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
        var snapshot = new ClusterSnapshot(deployment(2, 2, 1, 1), statefulSet(1, 1, 1, 1), List.of(Pods.running("p", 2)));

        assertThat(inspector.inspect(snapshot, NOW)).isInstanceOf(ReadinessVerdict.Ready.class);
    }

    @Test
    void notReadyWhileTheControllerHasNotSeenTheLatestSpec() {
        var snapshot = new ClusterSnapshot(deployment(3, 2, 1, 1), statefulSet(1, 1, 1, 1), List.of());

        assertThat(inspector.inspect(snapshot, NOW)).isEqualTo(new ReadinessVerdict.NotReady(
                "Deployment wordpress spec not yet observed by its controller"));
    }

    @Test
    void notReadyWhileOldReplicasAreTheOnlyReadyOnes() {
        var snapshot = new ClusterSnapshot(deployment(2, 2, 0, 1), statefulSet(1, 1, 1, 1), List.of());

        assertThat(inspector.inspect(snapshot, NOW)).isEqualTo(new ReadinessVerdict.NotReady(
                "Deployment wordpress 1/1 ready, 0/1 updated"));
    }

    @Test
    void missingWorkloadsAreNamed() {
        var verdict = inspector.inspect(new ClusterSnapshot(null, null, List.of()), NOW);

        assertThat(verdict).isEqualTo(new ReadinessVerdict.NotReady(
                "StatefulSet mariadb missing; Deployment wordpress missing"));
    }

    @Test
    void aCrashingPodOfThisGenerationFailsEvenThoughWorkloadsAreNotReady() {
        var crashing = Pods.waiting("wordpress-1", 2, "wordpress", "CrashLoopBackOff", "back-off");
        var verdict = inspector.inspect(new ClusterSnapshot(deployment(1, 1, 0, 0), statefulSet(1, 1, 1, 1),
                List.of(crashing)), NOW);

        assertThat(verdict).isEqualTo(new ReadinessVerdict.Failed("CrashLoopBackOff",
                "container wordpress in pod wordpress-1: back-off"));
    }

    @Test
    void unschedulablePodsWithinGraceShowInTheWaitingMessage() {
        var verdict = inspector.inspect(new ClusterSnapshot(deployment(1, 1, 1, 1), statefulSet(1, 1, 0, 0),
                List.of(Pods.unschedulable("mariadb-0", 2, null))), NOW);

        assertThat(verdict).isEqualTo(new ReadinessVerdict.NotReady(
                "StatefulSet mariadb 0/1 ready, 0/1 updated; pod mariadb-0 unschedulable"));
    }

    @Test
    void anUnschedulablePodPastItsGraceFailsWithTheUnschedulableReason() {
        var verdict = inspector.inspect(new ClusterSnapshot(deployment(1, 1, 1, 1), statefulSet(1, 1, 0, 0),
                List.of(Pods.unschedulable("mariadb-0", 2, NOW.minusSeconds(61)))), NOW);

        assertThat(verdict).isEqualTo(new ReadinessVerdict.Failed("Unschedulable",
                "pod mariadb-0: 0/1 nodes are available: 1 Insufficient cpu."));
    }

    @Test
    void aCrashingPodOfAnOlderGenerationDoesNotFailARetry() {
        var oldCrash = Pods.waiting("wordpress-old", 1, "wordpress", "CrashLoopBackOff", "back-off");
        var verdict = inspector.inspect(new ClusterSnapshot(deployment(1, 1, 1, 1), statefulSet(1, 1, 1, 1),
                List.of(oldCrash)), NOW);

        assertThat(verdict).isInstanceOf(ReadinessVerdict.Ready.class);
    }

    private static Deployment deployment(long generation, long observed, int updated, int ready) {
        return new DeploymentBuilder().withNewMetadata().withName("wordpress").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(1).endSpec()
                .withNewStatus().withObservedGeneration(observed).withUpdatedReplicas(updated).withReadyReplicas(ready)
                .withAvailableReplicas(ready).endStatus().build();
    }

    private static StatefulSet statefulSet(long generation, long observed, int updated, int ready) {
        return new StatefulSetBuilder().withNewMetadata().withName("mariadb").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(1).endSpec()
                .withNewStatus().withObservedGeneration(observed).withUpdatedReplicas(updated).withReadyReplicas(ready)
                .withAvailableReplicas(ready).endStatus().build();
    }

    @Test
    void aWorkloadStillOnAnotherRevisionIsNotReadyHoweverWellItRuns() {
        // The Deployment serves revision 1 of this generation: a look for revision 2 must not take it for its own.
        var verdict = inspector(2).inspect(new ClusterSnapshot(stamped(deployment(2, 2, 1, 1), 2, 1),
                stamped(statefulSet(1, 1, 1, 1), 2, 2), List.of(Pods.running("p", 2, 1))), NOW);

        assertThat(verdict).isEqualTo(new ReadinessVerdict.NotReady(
                "Deployment wordpress not yet at revision 2 (generation 2)"));
    }

    @Test
    void readyOnceBothTemplatesCarryTheRevisionAndRolledOut() {
        var verdict = inspector(2).inspect(new ClusterSnapshot(stamped(deployment(3, 3, 1, 1), 2, 2),
                stamped(statefulSet(2, 2, 1, 1), 2, 2), List.of()), NOW);

        assertThat(verdict).isInstanceOf(ReadinessVerdict.Ready.class);
    }

    @Test
    void readyReplicasNotYetAvailableAreWaitedFor() {
        Deployment deployment = deployment(2, 2, 1, 1);
        deployment.getStatus().setAvailableReplicas(null);

        assertThat(inspector.inspect(new ClusterSnapshot(deployment, statefulSet(1, 1, 1, 1), List.of()), NOW))
                .isEqualTo(new ReadinessVerdict.NotReady("Deployment wordpress 1/1 ready, 1/1 updated, 0/1 available"));
    }

    @Test
    void aRollbackDoesNotFailOnTheCrashLoopOfTheUpdateItUndoes() {
        var updateCrash = Pods.waiting("wordpress-new", 2, 2, "wordpress", "CrashLoopBackOff", "back-off");
        var verdict = inspector(1).inspect(new ClusterSnapshot(stamped(deployment(4, 4, 1, 1), 2, 1),
                stamped(statefulSet(3, 3, 1, 1), 2, 1), List.of(updateCrash, Pods.running("wordpress-old", 2, 1))), NOW);

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
