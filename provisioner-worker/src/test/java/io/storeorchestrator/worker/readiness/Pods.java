package io.storeorchestrator.worker.readiness;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.storeorchestrator.common.naming.StoreLabels;

import java.time.Instant;
import java.util.Map;

/** Hand-made pods as the kubelet would report them. */
final class Pods {

    private Pods() {
    }

    static Pod waiting(String pod, long generation, String container, String reason, String message) {
        return base(pod, generation).withNewStatus()
                .withPhase("Running")
                .withContainerStatuses(waitingStatus(container, reason, message))
                .endStatus().build();
    }

    static Pod initWaiting(String pod, long generation, String container, String reason) {
        return base(pod, generation).withNewStatus()
                .withPhase("Pending")
                .withInitContainerStatuses(waitingStatus(container, reason, "init failed"))
                .endStatus().build();
    }

    static Pod unschedulable(String pod, long generation, Instant since) {
        return base(pod, generation).withNewStatus()
                .withPhase("Pending")
                .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                        .withReason("Unschedulable")
                        .withMessage("0/1 nodes are available: 1 Insufficient cpu.")
                        .withLastTransitionTime(since == null ? null : since.toString())
                        .build())
                .endStatus().build();
    }

    static Pod running(String pod, long generation) {
        return base(pod, generation).withNewStatus().withPhase("Running").endStatus().build();
    }

    /** A pod stamped with a revision as well, as every pod made since revisions exist. */
    static Pod waiting(String pod, long generation, int revision, String container, String reason, String message) {
        Pod waiting = waiting(pod, generation, container, reason, message);
        waiting.getMetadata().getAnnotations().put(StoreLabels.REVISION, Integer.toString(revision));
        return waiting;
    }

    static Pod running(String pod, long generation, int revision) {
        Pod running = running(pod, generation);
        running.getMetadata().getAnnotations().put(StoreLabels.REVISION, Integer.toString(revision));
        return running;
    }

    /** A pod of Job {@code job} whose container exited with {@code exitCode}, created at {@code created}. */
    static Pod ofJob(String job, String pod, long generation, String created, String container, int exitCode,
                     String reason, String message) {
        return base(pod, generation)
                .editMetadata().withCreationTimestamp(created)
                .addNewOwnerReference().withKind("Job").withName(job).withController(true).endOwnerReference()
                .endMetadata()
                .withNewStatus()
                .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .withContainerStatuses(new ContainerStatusBuilder().withName(container).withReady(false)
                        .withNewState().withNewTerminated().withExitCode(exitCode).withReason(reason)
                        .withMessage(message).endTerminated().endState().build())
                .endStatus().build();
    }

    private static PodBuilder base(String pod, long generation) {
        return new PodBuilder().withNewMetadata().withName(pod)
                .withAnnotations(new java.util.HashMap<>(Map.of(StoreLabels.GENERATION, Long.toString(generation))))
                .endMetadata();
    }

    private static ContainerStatus waitingStatus(String container, String reason, String message) {
        return new ContainerStatusBuilder().withName(container).withReady(false)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .build();
    }
}
