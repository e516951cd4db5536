package io.storeorchestrator.worker.drift;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.kube.WorkloadWatch;
import io.storeorchestrator.worker.model.StoreSpec;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a store's objects as the cluster has them, for a drift check, as cheaply as it can: the namespace, Deployments
 * and StatefulSets from the watch caches (no call at all); every other kind with one list call in the store's
 * namespace, selected by the store-id label; and a GET only for a desired object neither finds (it is gone, or its
 * labels were edited). A store in sync costs five list calls (ResourceQuota, LimitRange, NetworkPolicy, Service,
 * Ingress; a WooCommerce store a sixth, PersistentVolumeClaim, for its wp-content claim), two more and a GET with the
 * watches off. No retries: a failed read only skips the store until the next check.
 */
@Singleton
public final class ClusterObjects {

    private final KubernetesClient client;
    private final WorkloadWatch watch;

    public ClusterObjects(KubernetesClient client, WorkloadWatch watch) {
        this.client = client;
        this.watch = watch;
    }

    /**
     * What the cluster holds of a store.
     *
     * @param namespace the store's namespace, null when it is gone
     * @param objects   the cluster's copy of each desired object found, by {@link #key}
     */
    public record Found(Namespace namespace, Map<String, HasMetadata> objects) {

        /** The namespace is gone: the store has nothing left behind it. */
        public boolean namespaceGone() {
            return namespace == null;
        }

        /** The namespace is being deleted: nothing can be created in it until it is gone. */
        public boolean namespaceTerminating() {
            return namespace != null && namespace.getMetadata().getDeletionTimestamp() != null;
        }

        /** The cluster's copy of {@code desired}, or null when absent. */
        public HasMetadata actual(HasMetadata desired) {
            return objects.get(key(desired));
        }
    }

    /**
     * @param desired the store's objects as the builders make them, its Namespace among them
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when a read fails
     */
    public Found read(StoreSpec store, List<HasMetadata> desired) {
        HasMetadata wantedNamespace = desired.stream().filter(Namespace.class::isInstance).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Namespace among the objects"));
        Namespace namespace = (Namespace) namespace(wantedNamespace);
        if (namespace == null) {
            return new Found(null, Map.of());
        }
        Map<String, HasMetadata> found = new HashMap<>();
        Map<Class<? extends HasMetadata>, List<HasMetadata>> byKind = desired.stream()
                .filter(object -> !(object instanceof Namespace))
                .collect(Collectors.groupingBy(HasMetadata::getClass, LinkedHashMap::new, Collectors.toList()));
        found.put(key(namespace), namespace);
        byKind.forEach((kind, wanted) -> {
            if (watch.caches(kind)) {
                wanted.forEach(object -> put(found, watch.cached(object)));
            } else {
                client.resources(kind).inNamespace(store.namespace())
                        .withLabel(StoreLabels.STORE_ID, store.id().toString()).list().getItems()
                        .forEach(object -> put(found, object));
            }
            for (HasMetadata object : wanted) {
                if (!found.containsKey(key(object))) {
                    put(found, client.resource(object).get());
                }
            }
        });
        return new Found(namespace, found);
    }

    private HasMetadata namespace(HasMetadata wanted) {
        HasMetadata cached = watch.caches(Namespace.class) ? watch.cached(wanted) : null;
        // A namespace missing from the cache may only have lost the managed-by label: ask before calling it gone.
        return cached != null ? cached : client.resource(wanted).get();
    }

    private static void put(Map<String, HasMetadata> found, HasMetadata object) {
        if (object != null) {
            found.put(key(object), object);
        }
    }

    /** {@code Deployment/wordpress}: kind and name identify an object within the store. */
    static String key(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }
}
