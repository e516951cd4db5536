package io.storeorchestrator.worker.readiness;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.util.List;

/**
 * What the cluster said about a store's workloads at one moment.
 *
 * @param deployment  the app Deployment, null when absent
 * @param statefulSet the database StatefulSet, null when absent
 * @param pods        every pod in the store's namespace
 */
public record ClusterSnapshot(Deployment deployment, StatefulSet statefulSet, List<Pod> pods) {

    public ClusterSnapshot {
        pods = List.copyOf(pods);
    }
}
