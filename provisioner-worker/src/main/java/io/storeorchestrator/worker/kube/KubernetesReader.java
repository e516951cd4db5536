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
        return watch.snapshot(store).orElseGet(() -> {
            String namespace = store.namespace();
            WaitStep all = store.blueprint().readiness(store);
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
