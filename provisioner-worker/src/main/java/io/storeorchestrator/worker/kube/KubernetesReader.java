package io.storeorchestrator.worker.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.worker.model.StoreSpec;
import io.storeorchestrator.worker.readiness.ClusterSnapshot;
import jakarta.inject.Singleton;

/** Reads what the readiness checks look at. No retries here: a failed read just waits for the next poll. */
@Singleton
public final class KubernetesReader {

    private final KubernetesClient client;

    public KubernetesReader(KubernetesClient client) {
        this.client = client;
    }

    public ClusterSnapshot snapshot(StoreSpec store) {
        String namespace = store.namespace();
        return new ClusterSnapshot(
                client.apps().deployments().inNamespace(namespace).withName(store.appName()).get(),
                client.apps().statefulSets().inNamespace(namespace).withName(store.databaseName()).get(),
                client.pods().inNamespace(namespace).list().getItems());
    }
}
