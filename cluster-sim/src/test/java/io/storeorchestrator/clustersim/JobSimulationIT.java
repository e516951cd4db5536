package io.storeorchestrator.clustersim;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
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
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Jobs run their pods to completion, or fail them by rule until the backoff limit, through the real Fabric8 client. */
class JobSimulationIT {

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

    private static String namespace(String storeName) {
        String namespace = SimFixtures.uniqueNamespace();
        client.namespaces().resource(SimFixtures.storeNamespace(namespace, storeName)).create();
        return namespace;
    }

    private static Job job(String namespace, String name) {
        return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    }

    private static List<Pod> podsOf(String namespace, String job) {
        return client.pods().inNamespace(namespace).withLabel("batch.kubernetes.io/job-name", job).list().getItems();
    }

    private static JobCondition condition(Job job, String type) {
        return job.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition on " + job.getStatus()));
    }

    @Test
    void aJobRunsItsPodToCompletionAndIsWatchedAndListedLikeAnyKind() {
        String namespace = namespace("happy-shop");
        List<Job> seen = new CopyOnWriteArrayList<>();
        SharedIndexInformer<Job> informer = client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        seen.add(job);
                    }

                    @Override
                    public void onUpdate(Job before, Job after) {
                        seen.add(after);
                    }

                    @Override
                    public void onDelete(Job job, boolean finalStateUnknown) {
                    }
                });
        try {
            client.resource(SimFixtures.job(namespace, "medusa-migrate-r1", "1", 2)).serverSideApply();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Job job = job(namespace, "medusa-migrate-r1");
                assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
                assertThat(job.getStatus().getFailed()).isZero();
                assertThat(job.getStatus().getCompletionTime()).isNotNull();
                assertThat(condition(job, "Complete").getStatus()).isEqualTo("True");
                assertThat(seen).as("the informer saw it complete").anyMatch(update -> update.getStatus() != null
                        && Integer.valueOf(1).equals(update.getStatus().getSucceeded()));
            });
        } finally {
            informer.close();
        }

        assertThat(client.batch().v1().jobs().inNamespace(namespace).list().getItems())
                .extracting(j -> j.getMetadata().getName()).containsExactly("medusa-migrate-r1");
        assertThat(podsOf(namespace, "medusa-migrate-r1")).singleElement().satisfies(pod -> {
            assertThat(pod.getMetadata().getName()).matches("medusa-migrate-r1-[a-z0-9]{5}");
            assertThat(pod.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("Job");
            assertThat(pod.getMetadata().getLabels()).containsEntry("job-name", "medusa-migrate-r1")
                    .containsKey("batch.kubernetes.io/controller-uid");
            assertThat(pod.getMetadata().getAnnotations()).containsEntry(StoreLabels.GENERATION, "1");
            assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
            ContainerStateTerminated terminated = pod.getStatus().getContainerStatuses().getFirst().getState()
                    .getTerminated();
            assertThat(terminated.getExitCode()).isZero();
            assertThat(terminated.getReason()).isEqualTo("Completed");
        });

        // A finished Job runs nothing more when it is applied again unchanged.
        client.resource(SimFixtures.job(namespace, "medusa-migrate-r1", "1", 2)).serverSideApply();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> podsOf(namespace, "medusa-migrate-r1").size() == 1);
    }

    @Test
    void aFailingJobRetriesUpToItsBackoffLimitThenFailsWithBackoffLimitExceeded() {
        sim.kubelet().addRule(FailureRule.forStoreNamePrefix("migrations-", FailureMode.EXIT_ERROR,
                FailureTarget.JOB, false));
        String namespace = namespace("migrations-shop");

        client.resource(SimFixtures.job(namespace, "medusa-migrate-r1", "1", 1)).serverSideApply();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Job job = job(namespace, "medusa-migrate-r1");
            JobCondition failed = condition(job, "Failed");
            assertThat(failed.getStatus()).isEqualTo("True");
            assertThat(failed.getReason()).isEqualTo("BackoffLimitExceeded");
            assertThat(failed.getMessage()).isEqualTo("Job has reached the specified backoff limit");
            assertThat(job.getStatus().getFailed()).isEqualTo(2);
            assertThat(job.getStatus().getSucceeded()).isZero();
        });
        assertThat(podsOf(namespace, "medusa-migrate-r1")).as("backoffLimit 1: the first try and one retry")
                .hasSize(2).allSatisfy(pod -> {
                    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
                    ContainerStateTerminated terminated = pod.getStatus().getContainerStatuses().getFirst().getState()
                            .getTerminated();
                    assertThat(terminated.getExitCode()).isEqualTo(1);
                    assertThat(terminated.getReason()).isEqualTo("Error");
                    assertThat(terminated.getMessage()).isEqualTo("cluster-sim rule migrations-*: migrate exited with code 1");
                });
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> podsOf(namespace, "medusa-migrate-r1").size() == 2);
    }

    @Test
    void jobfailStoresFailTheirJobsByDefaultAndTheirWorkloadsStayHealthy() {
        String namespace = namespace("jobfail-shop");
        client.resource(SimFixtures.job(namespace, "medusa-migrate-r1", "1", 0)).serverSideApply();
        client.resource(SimFixtures.app(namespace, "1")).serverSideApply();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(condition(job(namespace, "medusa-migrate-r1"), "Failed").getReason())
                    .isEqualTo("BackoffLimitExceeded");
            assertThat(client.apps().deployments().inNamespace(namespace).withName("wordpress").get().getStatus()
                    .getReadyReplicas()).isEqualTo(1);
        });
    }

    @Test
    void deletingAJobTakesItsPods() {
        String namespace = namespace("delete-shop");
        client.resource(SimFixtures.job(namespace, "medusa-admin-user", "1", 2)).serverSideApply();
        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf(namespace, "medusa-admin-user").size() == 1);

        client.batch().v1().jobs().inNamespace(namespace).withName("medusa-admin-user").delete();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(job(namespace, "medusa-admin-user")).isNull();
            assertThat(podsOf(namespace, "medusa-admin-user")).isEmpty();
        });
    }
}
