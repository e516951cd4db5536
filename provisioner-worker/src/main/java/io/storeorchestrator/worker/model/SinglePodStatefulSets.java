package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

import java.util.List;

/**
 * What a store's single-pod stateful components (its database, Medusa's cache) are made of alike: a one-replica
 * StatefulSet that rolls by replacing its pod, a headless Service by the same name, and TCP probes on the named port.
 */
final class SinglePodStatefulSets {

    private SinglePodStatefulSets() {
    }

    /** @param claims volume claim templates; none for a component that keeps nothing on disk */
    static StatefulSet statefulSet(StoreSpec store, String name, String component, Container container,
                                   List<PersistentVolumeClaim> claims) {
        StatefulSetBuilder builder = new StatefulSetBuilder()
                .withMetadata(store.metadata(name, component))
                .withNewSpec()
                .withServiceName(name)
                .withReplicas(1)
                .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                .withNewSelector().withMatchLabels(store.selector(component)).endSelector()
                .withNewTemplate()
                .withMetadata(store.podTemplateMetadata(name, component))
                .withNewSpec()
                .withSecurityContext(Containers.podSecurityContext())
                .withContainers(container)
                .endSpec()
                .endTemplate()
                .endSpec();
        if (!claims.isEmpty()) {
            builder.editSpec().withVolumeClaimTemplates(claims).endSpec();
        }
        return builder.build();
    }

    /** Headless: the app addresses the single pod by the Service name, with no proxying in between. */
    static Service headlessService(StoreSpec store, String name, String component, String portName, int port) {
        return new ServiceBuilder()
                .withMetadata(store.metadata(name, component))
                .withNewSpec()
                .withClusterIP("None")
                .withSelector(store.selector(component))
                .addNewPort().withName(portName).withProtocol("TCP").withPort(port)
                .withTargetPort(new IntOrString(portName)).endPort()
                .endSpec()
                .build();
    }

    static Probe tcpProbe(String portName, int initialDelaySeconds, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewTcpSocket().withPort(new IntOrString(portName)).endTcpSocket()
                .withInitialDelaySeconds(initialDelaySeconds)
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
