package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.Map;

import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_DATABASE;

/**
 * The store's own database: a one-replica StatefulSet with a volume, and the Service the app reaches it by. Updates
 * roll (RollingUpdate replaces the pod) and the pod keeps its claim, so the data survives every upgrade.
 */
public final class DatabaseObjects {

    public static final String VOLUME_NAME = "data";
    static final String PORT_NAME = "db";

    private DatabaseObjects() {
    }

    public static StatefulSet statefulSet(StoreSpec store, WorkerConfig config) {
        return new StatefulSetBuilder()
                .withMetadata(store.metadata(store.databaseName(), COMPONENT_DATABASE))
                .withNewSpec()
                .withServiceName(store.databaseName())
                .withReplicas(1)
                .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                .withNewSelector().withMatchLabels(store.selector(COMPONENT_DATABASE)).endSelector()
                .withNewTemplate()
                .withMetadata(store.podTemplateMetadata(store.databaseName(), COMPONENT_DATABASE))
                .withNewSpec()
                .withSecurityContext(Containers.podSecurityContext())
                .withContainers(container(store))
                .endSpec()
                .endTemplate()
                .withVolumeClaimTemplates(volumeClaim(store, config))
                .endSpec()
                .build();
    }

    /** Headless: the app addresses the single database pod by the Service name, with no proxying in between. */
    public static Service service(StoreSpec store) {
        int port = store.blueprint().database().port();
        return new ServiceBuilder()
                .withMetadata(store.metadata(store.databaseName(), COMPONENT_DATABASE))
                .withNewSpec()
                .withClusterIP("None")
                .withSelector(store.selector(COMPONENT_DATABASE))
                .addNewPort().withName(PORT_NAME).withProtocol("TCP").withPort(port)
                .withTargetPort(new IntOrString(PORT_NAME)).endPort()
                .endSpec()
                .build();
    }

    private static Container container(StoreSpec store) {
        DatabaseSpec db = store.blueprint().database();
        return new ContainerBuilder()
                .withName(db.name())
                .withImage(db.image())
                .addNewPort().withName(PORT_NAME).withContainerPort(db.port()).withProtocol("TCP").endPort()
                .withEnv(Containers.env(db.plainEnv(), db.secretEnv(), Map.of()))
                .addNewVolumeMount().withName(VOLUME_NAME).withMountPath(db.dataPath()).endVolumeMount()
                .withResources(Containers.resources(store.plan().database()))
                .withReadinessProbe(tcpProbe(5, 10, 3))
                // Generous: a first start initialises the data directory before it listens.
                .withLivenessProbe(tcpProbe(60, 20, 6))
                .withSecurityContext(Containers.securityContext(db.port()))
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

    /**
     * The plan's volume size. A StatefulSet's claim templates cannot change once created: a later plan with another
     * size leaves the existing claim as it is (growing it is a separate, storage-class-dependent operation).
     */
    private static PersistentVolumeClaim volumeClaim(StoreSpec store, WorkerConfig config) {
        PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(VOLUME_NAME)
                .withLabels(store.labels(COMPONENT_DATABASE, store.databaseName()))
                .endMetadata();
        return claim.withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(config.databaseStorageClass().orElse(null))
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(store.plan().databaseVolumeSize())))
                .endResources()
                .endSpec()
                .build();
    }
}
