package io.storeorchestrator.clustersim;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.storeorchestrator.common.naming.StoreLabels;

import java.util.Map;
import java.util.UUID;

/** Store-shaped objects, as the provisioner builds them, for the simulator's tests. */
final class SimFixtures {

    private SimFixtures() {
    }

    static String uniqueNamespace() {
        return "store-" + UUID.randomUUID();
    }

    static Namespace storeNamespace(String namespace, String storeName) {
        return new NamespaceBuilder().withNewMetadata().withName(namespace)
                .withLabels(StoreLabels.forStore(UUID.randomUUID(), storeName, "woocommerce"))
                .endMetadata().build();
    }

    /** Workloads and their pods carry the platform's label, as the provisioner builds them (informers select on it). */
    static Map<String, String> labels(String component) {
        return Map.of(StoreLabels.COMPONENT, component, StoreLabels.MANAGED_BY, StoreLabels.PLATFORM);
    }

    static Deployment app(String namespace, String generation) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("wordpress").withNamespace(namespace)
                .withLabels(labels("app")).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(Map.of(StoreLabels.COMPONENT, "app")).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels("app"))
                .withAnnotations(Map.of(StoreLabels.GENERATION, generation)).endMetadata()
                .withNewSpec().addNewContainer().withName("wordpress").withImage("wordpress:6.6-apache").endContainer()
                .endSpec()
                .endTemplate()
                .endSpec().build();
    }

    /** A run-once Job as the provisioner builds Medusa's migrations: restartPolicy Never, a small backoffLimit. */
    static Job job(String namespace, String name, String generation, int backoffLimit) {
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels("job")).endMetadata()
                .withNewSpec().withBackoffLimit(backoffLimit)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels("job"))
                .withAnnotations(Map.of(StoreLabels.GENERATION, generation)).endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("migrate").withImage("medusa:2.8").withCommand("medusa", "db:migrate")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec().build();
    }

    static StatefulSet database(String namespace, String generation) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("mariadb").withNamespace(namespace)
                .withLabels(labels("database")).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName("mariadb")
                .withNewSelector().withMatchLabels(Map.of(StoreLabels.COMPONENT, "database")).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels("database"))
                .withAnnotations(Map.of(StoreLabels.GENERATION, generation)).endMetadata()
                .withNewSpec().addNewContainer().withName("mariadb").withImage("mariadb:11").endContainer().endSpec()
                .endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .withRequests(Map.of("storage", new Quantity("2Gi"))).endResources().endSpec()
                .endVolumeClaimTemplate()
                .endSpec().build();
    }
}
