package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.storeorchestrator.common.catalog.Plan;

import java.util.List;

import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_CACHE;

/**
 * The cache beside the app (Medusa 2's Redis): one pod, no volume, nothing saved to disk, and a headless Service by
 * its name. A StatefulSet rather than a Deployment so an update replaces the pod instead of surging a second one the
 * quota must hold.
 */
public final class CacheObjects {

    static final String PORT_NAME = "cache";
    /** The same on every plan: a store's cache holds sessions and events, not the catalog. */
    static final Plan.Resources RESOURCES = new Plan.Resources("50m", "64Mi", "250m", "256Mi");

    private CacheObjects() {
    }

    public static StatefulSet statefulSet(StoreSpec store, CacheSpec cache) {
        Container container = new ContainerBuilder()
                .withName(cache.name())
                .withImage(cache.image())
                // A cache without a volume: no snapshots, no append-only file.
                .withArgs("--save", "", "--appendonly", "no")
                .addNewPort().withName(PORT_NAME).withContainerPort(cache.port()).withProtocol("TCP").endPort()
                .withResources(Containers.resources(RESOURCES))
                .withReadinessProbe(SinglePodStatefulSets.tcpProbe(PORT_NAME, 2, 5, 3))
                .withLivenessProbe(SinglePodStatefulSets.tcpProbe(PORT_NAME, 20, 20, 6))
                .withSecurityContext(Containers.securityContext(cache.port()))
                .build();
        return SinglePodStatefulSets.statefulSet(store, cache.name(), COMPONENT_CACHE, container, List.of());
    }

    public static Service service(StoreSpec store, CacheSpec cache) {
        return SinglePodStatefulSets.headlessService(store, cache.name(), COMPONENT_CACHE, PORT_NAME, cache.port());
    }
}
