package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Every object a store is made of, as the builders make them: what provisioning applies, what drift is measured
 * against, and what {@code render} prints. The generated Secret is left out: its values are random, created once and
 * never re-applied.
 */
public final class StoreObjects {

    private StoreObjects() {
    }

    public static List<HasMetadata> all(StoreSpec store, WorkerConfig config) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(NamespaceObjects.namespace(store));
        objects.add(NamespaceObjects.resourceQuota(store));
        objects.add(NamespaceObjects.limitRange(store));
        objects.addAll(NetworkPolicies.all(store, config));
        objects.add(DatabaseObjects.service(store));
        objects.add(ApplicationObjects.service(store));
        objects.add(DatabaseObjects.statefulSet(store, config));
        objects.add(ApplicationObjects.deployment(store));
        objects.add(IngressObjects.ingress(store, config));
        return List.copyOf(objects);
    }
}
