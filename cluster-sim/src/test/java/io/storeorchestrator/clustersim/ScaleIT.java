package io.storeorchestrator.clustersim;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.common.naming.StoreLabels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many namespaces of objects: lists in one namespace and label-selected lists see only what they ask for.
 * Correctness only; speed is for the benchmark to measure, not for a test to assert.
 */
class ScaleIT {

    private static final int NAMESPACES = 1_000;
    private static final int OBJECTS_PER_NAMESPACE = 10;

    private static ClusterSim sim;
    private static KubernetesClient client;

    @BeforeAll
    static void fill() throws Exception {
        sim = ClusterSim.start(ClusterSimConfig.forTests());
        client = sim.client();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            var futures = IntStream.range(0, NAMESPACES).mapToObj(i -> pool.submit(() -> fillNamespace(i))).toList();
            for (Future<?> future : futures) {
                future.get();
            }
        }
    }

    private static void fillNamespace(int index) {
        String namespace = "scale-" + index;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM)
                .addToLabels("bucket", Integer.toString(index % 100)).endMetadata().build()).create();
        for (int i = 0; i < OBJECTS_PER_NAMESPACE - 1; i++) {
            client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("cm-" + i).withLabels(Map.of("bucket", Integer.toString(index % 100))).endMetadata()
                    .build()).create();
        }
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void holdsEveryObject() {
        assertThat(sim.objectCount()).isGreaterThanOrEqualTo(NAMESPACES * OBJECTS_PER_NAMESPACE);
    }

    @Test
    void listsInOneNamespaceAndBySelectorReturnExactlyTheirObjects() {
        assertThat(client.configMaps().inNamespace("scale-500").list().getItems()).hasSize(OBJECTS_PER_NAMESPACE - 1);
        assertThat(client.configMaps().inAnyNamespace().withLabel("bucket", "7").list().getItems())
                .hasSize(NAMESPACES / 100 * (OBJECTS_PER_NAMESPACE - 1));
        assertThat(client.namespaces().withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).list().getItems())
                .hasSize(NAMESPACES);
        assertThat(client.configMaps().inAnyNamespace().list().getItems())
                .hasSize(NAMESPACES * (OBJECTS_PER_NAMESPACE - 1));
    }
}
