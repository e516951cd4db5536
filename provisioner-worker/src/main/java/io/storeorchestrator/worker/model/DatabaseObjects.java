package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.List;
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
        return SinglePodStatefulSets.statefulSet(store, store.databaseName(), COMPONENT_DATABASE, container(store),
                List.of(volumeClaim(store, config)));
    }

    public static Service service(StoreSpec store) {
        return SinglePodStatefulSets.headlessService(store, store.databaseName(), COMPONENT_DATABASE, PORT_NAME,
                store.blueprint().database().port());
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
                .withReadinessProbe(SinglePodStatefulSets.tcpProbe(PORT_NAME, 5, 10, 3))
                // Generous: a first start initialises the data directory before it listens.
                .withLivenessProbe(SinglePodStatefulSets.tcpProbe(PORT_NAME, 60, 20, 6))
                .withSecurityContext(Containers.securityContext(db.port()))
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
