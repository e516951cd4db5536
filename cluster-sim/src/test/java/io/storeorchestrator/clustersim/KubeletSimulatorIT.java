package io.storeorchestrator.clustersim;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.clustersim.kubelet.FailureMode;
import io.storeorchestrator.clustersim.kubelet.FailureRule;
import io.storeorchestrator.clustersim.kubelet.FailureTarget;
import io.storeorchestrator.common.naming.StoreLabels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Workloads become ready, or fail as the failure rules say, through the real Fabric8 client. */
class KubeletSimulatorIT {

    private static ClusterSim sim;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        sim = ClusterSim.start(ClusterSimConfig.forTests());
        client = sim.client();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void restoreRules() {
        sim.kubelet().resetDefaultRules();
    }

    private static String store(String storeName, String generation) {
        String namespace = SimFixtures.uniqueNamespace();
        client.namespaces().resource(SimFixtures.storeNamespace(namespace, storeName)).create();
        client.resource(SimFixtures.database(namespace, generation)).serverSideApply();
        client.resource(SimFixtures.app(namespace, generation)).serverSideApply();
        return namespace;
    }

    private static Deployment app(String namespace) {
        return client.apps().deployments().inNamespace(namespace).withName("wordpress").get();
    }

    private static List<Pod> appPods(String namespace) {
        return client.pods().inNamespace(namespace).withLabel(StoreLabels.COMPONENT, "app").list().getItems();
    }

    private static ContainerStatus onlyContainer(Pod pod) {
        assertThat(pod.getStatus().getContainerStatuses()).hasSize(1);
        return pod.getStatus().getContainerStatuses().getFirst();
    }

    @Test
    void deploymentAndStatefulSetBecomeReadyWithPodsAndClaims() {
        String namespace = store("happy-shop", "1");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Deployment app = app(namespace);
            assertThat(app.getStatus().getReadyReplicas()).isEqualTo(1);
            assertThat(app.getStatus().getAvailableReplicas()).isEqualTo(1);
            assertThat(app.getStatus().getUpdatedReplicas()).isEqualTo(1);
            assertThat(app.getStatus().getObservedGeneration()).isEqualTo(app.getMetadata().getGeneration());
            StatefulSet database = client.apps().statefulSets().inNamespace(namespace).withName("mariadb").get();
            assertThat(database.getStatus().getReadyReplicas()).isEqualTo(1);
            assertThat(database.getStatus().getCurrentRevision()).isEqualTo(database.getStatus().getUpdateRevision());
        });

        Pod appPod = appPods(namespace).getFirst();
        assertThat(appPod.getMetadata().getName()).matches("wordpress-[a-z0-9]{10}-[a-z0-9]{5}");
        assertThat(appPod.getMetadata().getLabels()).containsKey("pod-template-hash");
        assertThat(appPod.getMetadata().getAnnotations()).containsEntry(StoreLabels.GENERATION, "1");
        assertThat(appPod.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("ReplicaSet");
        assertThat(appPod.getSpec().getNodeName()).isEqualTo("sim-node-1");
        assertThat(appPod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(appPod.getStatus().getConditions()).extracting(PodCondition::getType, PodCondition::getStatus)
                .contains(org.assertj.core.groups.Tuple.tuple("Ready", "True"),
                        org.assertj.core.groups.Tuple.tuple("ContainersReady", "True"));
        assertThat(onlyContainer(appPod).getReady()).isTrue();
        assertThat(client.pods().inNamespace(namespace).withName("mariadb-0").get()).isNotNull();
        assertThat(client.persistentVolumeClaims().inNamespace(namespace).withName("data-mariadb-0").get()
                .getStatus().getPhase()).isEqualTo("Bound");
    }

    @Test
    void crashStoreCrashLoopsOnTheFirstAttemptAndRecoversOnTheSecond() {
        String namespace = store("crash-shop", "1");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Pod> pods = appPods(namespace);
            assertThat(pods).hasSize(1);
            ContainerStatus container = onlyContainer(pods.getFirst());
            assertThat(container.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
            assertThat(container.getState().getWaiting().getMessage())
                    .startsWith("back-off").contains("container=wordpress");
            assertThat(container.getRestartCount()).isPositive();
            assertThat(container.getLastState().getTerminated().getExitCode()).isEqualTo(1);
            assertThat(pods.getFirst().getStatus().getPhase()).isEqualTo("Running");
            assertThat(app(namespace).getStatus().getReadyReplicas()).isZero();
        });

        client.resource(SimFixtures.app(namespace, "2")).serverSideApply();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Deployment app = app(namespace);
            assertThat(app.getStatus().getObservedGeneration()).isEqualTo(2L);
            assertThat(app.getStatus().getReadyReplicas()).isEqualTo(1);
            assertThat(appPods(namespace)).singleElement().satisfies(pod -> assertThat(
                    pod.getMetadata().getAnnotations()).containsEntry(StoreLabels.GENERATION, "2"));
        });
    }

    @Test
    void brokenStoreCrashesOnEveryAttempt() {
        String namespace = store("broken-shop", "3");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(appPods(namespace))
                .singleElement().satisfies(pod -> assertThat(onlyContainer(pod).getState().getWaiting().getReason())
                        .isEqualTo("CrashLoopBackOff")));
    }

    @Test
    void imagePullStoreBacksOffPulling() {
        String namespace = store("imagepull-shop", "1");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(appPods(namespace))
                .singleElement().satisfies(pod -> {
                    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
                    assertThat(onlyContainer(pod).getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff");
                    assertThat(onlyContainer(pod).getState().getWaiting().getMessage())
                            .isEqualTo("Back-off pulling image \"wordpress:6.6-apache\"");
                }));
    }

    @Test
    void unschedulableStoreStaysPending() {
        String namespace = store("unschedulable-shop", "1");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Pod database = client.pods().inNamespace(namespace).withName("mariadb-0").get();
            assertThat(database.getStatus().getPhase()).isEqualTo("Pending");
            assertThat(database.getStatus().getConditions()).singleElement().satisfies(condition -> {
                assertThat(condition.getType()).isEqualTo("PodScheduled");
                assertThat(condition.getStatus()).isEqualTo("False");
                assertThat(condition.getReason()).isEqualTo("Unschedulable");
                assertThat(condition.getMessage()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
            });
            assertThat(client.apps().statefulSets().inNamespace(namespace).withName("mariadb").get()
                    .getStatus().getReadyReplicas()).isZero();
        });
    }

    @Test
    void rulesAddedAtRuntimeApply() {
        sim.kubelet().clearRules();
        sim.kubelet().addRule(FailureRule.forStoreNamePrefix("custom-", FailureMode.ERR_IMAGE_PULL,
                FailureTarget.DATABASE, false));

        String namespace = store("custom-shop", "1");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Pod database = client.pods().inNamespace(namespace).withName("mariadb-0").get();
            assertThat(onlyContainer(database).getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
            assertThat(app(namespace).getStatus().getReadyReplicas()).isEqualTo(1);
        });
    }

    @Test
    void deletedPodsAreReplacedAndDeletedWorkloadsTakeTheirPods() {
        String namespace = store("replace-shop", "1");
        await().atMost(Duration.ofSeconds(10)).until(() -> app(namespace).getStatus() != null
                && Integer.valueOf(1).equals(app(namespace).getStatus().getReadyReplicas()));
        String firstPod = appPods(namespace).getFirst().getMetadata().getName();

        client.pods().inNamespace(namespace).withName(firstPod).delete();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(appPods(namespace))
                .singleElement().satisfies(pod -> assertThat(pod.getMetadata().getName()).isNotEqualTo(firstPod)));

        client.apps().deployments().inNamespace(namespace).withName("wordpress").delete();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(appPods(namespace)).isEmpty();
            assertThat(client.apps().replicaSets().inNamespace(namespace).list().getItems()).isEmpty();
        });
    }
}
