package io.storeorchestrator.worker.readiness;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;

import java.util.Optional;

/**
 * Whether a Deployment or StatefulSet has rolled out the attempt being checked: its pod template carries the
 * attempt's generation and revision, its controller saw that spec (observedGeneration), and every desired replica is
 * updated, ready and available. Counting ready replicas alone would accept the old pods of a rolling update; checking
 * the template keeps a look at one revision from taking another revision's rollout for its own.
 */
final class WorkloadReadiness {

    private WorkloadReadiness() {
    }

    /** @return what is still missing, or empty when rolled out */
    static Optional<String> deployment(String name, Deployment deployment, PodTemplateStamp attempt) {
        if (deployment == null) {
            return Optional.of("Deployment " + name + " missing");
        }
        DeploymentStatus status = deployment.getStatus();
        return rollout("Deployment " + name, attempt, deployment.getSpec().getTemplate(),
                deployment.getMetadata().getGeneration(), deployment.getSpec().getReplicas(),
                status == null ? null : status.getObservedGeneration(),
                status == null ? null : status.getUpdatedReplicas(),
                status == null ? null : status.getReadyReplicas(),
                status == null ? null : status.getAvailableReplicas());
    }

    static Optional<String> statefulSet(String name, StatefulSet statefulSet, PodTemplateStamp attempt) {
        if (statefulSet == null) {
            return Optional.of("StatefulSet " + name + " missing");
        }
        StatefulSetStatus status = statefulSet.getStatus();
        return rollout("StatefulSet " + name, attempt, statefulSet.getSpec().getTemplate(),
                statefulSet.getMetadata().getGeneration(), statefulSet.getSpec().getReplicas(),
                status == null ? null : status.getObservedGeneration(),
                status == null ? null : status.getUpdatedReplicas(),
                status == null ? null : status.getReadyReplicas(),
                status == null ? null : status.getAvailableReplicas());
    }

    private static Optional<String> rollout(String what, PodTemplateStamp attempt, PodTemplateSpec template,
                                            Long generation, Integer desired, Long observedGeneration,
                                            Integer updated, Integer ready, Integer available) {
        if (!attempt.isOn(template)) {
            // Right after an apply the watch cache may still hold the previous template.
            return Optional.of(what + " not yet at " + attempt);
        }
        long wantedGeneration = orZero(generation);
        int wanted = desired == null ? 1 : desired;
        if (orZero(observedGeneration) < wantedGeneration) {
            return Optional.of(what + " spec not yet observed by its controller");
        }
        int updatedReplicas = updated == null ? 0 : updated;
        int readyReplicas = ready == null ? 0 : ready;
        // Kubernetes leaves availableReplicas out when it is 0; ready pods count as available only after minReadySeconds.
        int availableReplicas = available == null ? 0 : available;
        if (updatedReplicas == wanted && readyReplicas == wanted && availableReplicas == wanted) {
            return Optional.empty();
        }
        String missing = what + " " + readyReplicas + "/" + wanted + " ready, " + updatedReplicas + "/" + wanted
                + " updated";
        return Optional.of(availableReplicas < readyReplicas
                ? missing + ", " + availableReplicas + "/" + wanted + " available" : missing);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
