package io.storeorchestrator.worker.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.worker.model.StoreSpec;
import io.storeorchestrator.worker.model.WaitStep;
import io.storeorchestrator.worker.readiness.ClusterSnapshot;
import jakarta.inject.Singleton;

/**
 * Reads what the readiness checks look at: from the watch caches when they are synced (no API call at all), from the
 * API server otherwise. No retries here: a failed read just means another look later.
 */
@Singleton
public final class KubernetesReader {

    private final KubernetesClient client;
    private final WorkloadWatch watch;

    public KubernetesReader(KubernetesClient client, WorkloadWatch watch) {
        this.client = client;
        this.watch = watch;
    }

    /** The store's workloads and Jobs as its final wait names them, and its pods. */
    public ClusterSnapshot snapshot(StoreSpec store) {
        return snapshot(store, store.blueprint().readiness(store));
    }

    /**
     * The same, with what {@code wait} names besides (a backup's or a restore's Jobs, which no blueprint wait names).
     */
    public ClusterSnapshot snapshot(StoreSpec store, WaitStep wait) {
        return watch.snapshot(store, wait).orElseGet(() -> {
            String namespace = store.namespace();
            WaitStep all = WorkloadWatch.union(store.blueprint().readiness(store), wait);
            return ClusterSnapshot.of(
                    all.deployments().stream().map(name ->
                            client.apps().deployments().inNamespace(namespace).withName(name).get()).toList(),
                    all.statefulSets().stream().map(name ->
                            client.apps().statefulSets().inNamespace(namespace).withName(name).get()).toList(),
                    all.jobs().stream().map(name ->
                            client.batch().v1().jobs().inNamespace(namespace).withName(name).get()).toList(),
                    client.pods().inNamespace(namespace).list().getItems());
        });
    }

    /**
     * Whether the namespace is gone (a Terminating one still exists). The cache may answer "still there" on its own;
     * "gone" is confirmed with the API server, since a cache that has not yet seen a new namespace would free the
     * store's name while its objects still exist.
     */
    public boolean namespaceGone(String namespace) {
        if (watch.namespaceGone(namespace).map(gone -> !gone).orElse(false)) {
            return false;
        }
        return client.namespaces().withName(namespace).get() == null;
    }
}
