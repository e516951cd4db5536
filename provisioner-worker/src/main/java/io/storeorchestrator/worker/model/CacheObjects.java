package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.storeorchestrator.common.catalog.Plan;

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
        return new StatefulSetBuilder()
                .withMetadata(store.metadata(cache.name(), COMPONENT_CACHE))
                .withNewSpec()
                .withServiceName(cache.name())
                .withReplicas(1)
                .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                .withNewSelector().withMatchLabels(store.selector(COMPONENT_CACHE)).endSelector()
                .withNewTemplate()
                .withMetadata(store.podTemplateMetadata(cache.name(), COMPONENT_CACHE))
                .withNewSpec()
                .withSecurityContext(Containers.podSecurityContext())
                .withContainers(new ContainerBuilder()
                        .withName(cache.name())
                        .withImage(cache.image())
                        // A cache without a volume: no snapshots, no append-only file.
                        .withArgs("--save", "", "--appendonly", "no")
                        .addNewPort().withName(PORT_NAME).withContainerPort(cache.port()).withProtocol("TCP").endPort()
                        .withResources(Containers.resources(RESOURCES))
                        .withReadinessProbe(tcpProbe(2, 5, 3))
                        .withLivenessProbe(tcpProbe(20, 20, 6))
                        .withSecurityContext(Containers.securityContext(cache.port()))
                        .build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** Headless: the app addresses the single pod by the Service name. */
    public static Service service(StoreSpec store, CacheSpec cache) {
        return new ServiceBuilder()
                .withMetadata(store.metadata(cache.name(), COMPONENT_CACHE))
                .withNewSpec()
                .withClusterIP("None")
                .withSelector(store.selector(COMPONENT_CACHE))
                .addNewPort().withName(PORT_NAME).withProtocol("TCP").withPort(cache.port())
                .withTargetPort(new IntOrString(PORT_NAME)).endPort()
                .endSpec()
                .build();
    }

    private static Probe tcpProbe(int initialDelaySeconds, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewTcpSocket().withPort(new IntOrString(PORT_NAME)).endTcpSocket()
                .withInitialDelaySeconds(initialDelaySeconds)
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
