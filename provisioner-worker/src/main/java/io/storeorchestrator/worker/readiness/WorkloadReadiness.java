package io.storeorchestrator.worker.readiness;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;

import java.util.Optional;

/**
 * Whether a Deployment or StatefulSet has rolled out: its controller saw the latest spec (observedGeneration), and
 * every desired replica is both updated and ready. Counting ready replicas alone would accept old pods.
 */
final class WorkloadReadiness {

    private WorkloadReadiness() {
    }

    /** @return what is still missing, or empty when rolled out */
    static Optional<String> deployment(String name, Deployment deployment) {
        if (deployment == null) {
            return Optional.of("Deployment " + name + " missing");
        }
        DeploymentStatus status = deployment.getStatus();
        return rollout("Deployment " + name, deployment.getMetadata().getGeneration(),
                deployment.getSpec().getReplicas(),
                status == null ? null : status.getObservedGeneration(),
                status == null ? null : status.getUpdatedReplicas(),
                status == null ? null : status.getReadyReplicas());
    }

    static Optional<String> statefulSet(String name, StatefulSet statefulSet) {
        if (statefulSet == null) {
            return Optional.of("StatefulSet " + name + " missing");
        }
        StatefulSetStatus status = statefulSet.getStatus();
        return rollout("StatefulSet " + name, statefulSet.getMetadata().getGeneration(),
                statefulSet.getSpec().getReplicas(),
                status == null ? null : status.getObservedGeneration(),
                status == null ? null : status.getUpdatedReplicas(),
                status == null ? null : status.getReadyReplicas());
    }

    private static Optional<String> rollout(String what, Long generation, Integer desired, Long observedGeneration,
                                            Integer updated, Integer ready) {
        long wantedGeneration = orZero(generation);
        int wanted = desired == null ? 1 : desired;
        if (orZero(observedGeneration) < wantedGeneration) {
            return Optional.of(what + " spec not yet observed by its controller");
        }
        int updatedReplicas = updated == null ? 0 : updated;
        int readyReplicas = ready == null ? 0 : ready;
        if (updatedReplicas == wanted && readyReplicas == wanted) {
            return Optional.empty();
        }
        return Optional.of(what + " " + readyReplicas + "/" + wanted + " ready, " + updatedReplicas + "/" + wanted
                + " updated");
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
