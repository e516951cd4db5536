package io.storeorchestrator.worker.readiness;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the cluster said about a store's workloads at one moment: each one by name (absent when the cluster has none of
 * that name), and every pod in the store's namespace.
 */
public record ClusterSnapshot(Map<String, Deployment> deployments, Map<String, StatefulSet> statefulSets,
                              Map<String, Job> jobs, List<Pod> pods) {

    public ClusterSnapshot {
        deployments = Map.copyOf(deployments);
        statefulSets = Map.copyOf(statefulSets);
        jobs = Map.copyOf(jobs);
        pods = List.copyOf(pods);
    }

    /** A snapshot of whatever was found; nulls (not found) are left out. */
    public static ClusterSnapshot of(List<Deployment> deployments, List<StatefulSet> statefulSets, List<Job> jobs,
                                     List<Pod> pods) {
        return new ClusterSnapshot(byName(deployments), byName(statefulSets), byName(jobs), pods);
    }

    private static <T extends HasMetadata> Map<String, T> byName(List<T> objects) {
        Map<String, T> byName = new LinkedHashMap<>();
        objects.stream().filter(Objects::nonNull).forEach(object -> byName.put(object.getMetadata().getName(), object));
        return byName;
    }
}
