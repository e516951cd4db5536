package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.storeorchestrator.worker.config.WorkerConfig;

import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_APP;

/**
 * The storefront: a Deployment of the engine's image, as many replicas as the plan says, and the Service the Ingress
 * routes to. Updates roll one surge pod at a time and never take a serving replica away first. An engine that keeps
 * files mounts the store's {@link ContentVolume}; with a ReadWriteOnce one, the pods (the surge pod too) gather on the
 * node that has it.
 */
public final class ApplicationObjects {

    static final String PORT_NAME = "http";
    /** The Service always listens on 80, whatever port the engine serves on. */
    public static final int SERVICE_PORT = 80;

    private ApplicationObjects() {
    }

    public static Deployment deployment(StoreSpec store, WorkerConfig config) {
        boolean content = store.blueprint().contentVolume();
        PodSpecBuilder pod = new PodSpecBuilder()
                .withSecurityContext(Containers.podSecurityContext())
                .withContainers(container(store, content));
        ObjectMeta podMetadata = store.podTemplateMetadata(store.appName(), COMPONENT_APP);
        if (content) {
            podMetadata = ContentVolume.mounting(podMetadata);
            pod.withVolumes(ContentVolume.volume());
            ContentVolume.onOneNode(store, config).ifPresent(pod::withAffinity);
        }
        return new DeploymentBuilder()
                .withMetadata(store.metadata(store.appName(), COMPONENT_APP))
                .withNewSpec()
                .withReplicas(store.plan().appReplicas())
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1))
                .endRollingUpdate().endStrategy()
                .withNewSelector().withMatchLabels(store.selector(COMPONENT_APP)).endSelector()
                .withNewTemplate()
                .withMetadata(podMetadata)
                .withSpec(pod.build())
                .endTemplate()
                .endSpec()
                .build();
    }

    public static Service service(StoreSpec store) {
        return new ServiceBuilder()
                .withMetadata(store.metadata(store.appName(), COMPONENT_APP))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(store.selector(COMPONENT_APP))
                .addNewPort().withName(PORT_NAME).withProtocol("TCP").withPort(SERVICE_PORT)
                .withTargetPort(new IntOrString(PORT_NAME)).endPort()
                .endSpec()
                .build();
    }

    private static Container container(StoreSpec store, boolean content) {
        EngineBlueprint engine = store.blueprint();
        ContainerBuilder container = new ContainerBuilder()
                .withName(engine.appName())
                .withImage(store.version().image())
                .addNewPort().withName(PORT_NAME).withContainerPort(engine.appPort()).withProtocol("TCP").endPort()
                .withEnv(engine.appEnv(store))
                .withResources(Containers.resources(store.plan().app()))
                .withReadinessProbe(httpProbe(engine.healthPath(), 5, 10, 3))
                // Later and more tolerant than readiness: a slow first start must not be killed into a crash loop.
                .withLivenessProbe(httpProbe(engine.healthPath(), 60, 20, 6))
                .withSecurityContext(Containers.securityContext(engine.appPort()));
        if (content) {
            container.withVolumeMounts(ContentVolume.mount());
        }
        return container.build();
    }

    private static Probe httpProbe(String path, int initialDelaySeconds, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(PORT_NAME)).endHttpGet()
                .withInitialDelaySeconds(initialDelaySeconds)
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
