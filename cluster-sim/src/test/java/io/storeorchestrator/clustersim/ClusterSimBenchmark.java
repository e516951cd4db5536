package io.storeorchestrator.clustersim;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.common.naming.StoreLabels;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Measures the simulator with many store-shaped namespaces: how fast stores are created, and how long a GET and a
 * namespace list take once the cluster is full. Not a test; run it by hand:
 * {@code java -cp target/test-classes:target/classes:target/lib/* io.storeorchestrator.clustersim.ClusterSimBenchmark 10000}
 */
public final class ClusterSimBenchmark {

    private ClusterSimBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int stores = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        try (ClusterSim sim = ClusterSim.start(ClusterSimConfig.forTests().withReadyDelay(Duration.ofMillis(50)))) {
            KubernetesClient client = sim.client();
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                var futures = IntStream.range(0, stores).mapToObj(i -> pool.submit(() -> createStore(client, i)))
                        .toList();
                for (Future<?> future : futures) {
                    future.get();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("created %d stores (%d objects) in %.1f s: %.0f stores/s%n",
                    stores, sim.objectCount(), seconds, stores / seconds);

            String namespace = "bench-" + stores / 2;
            time("GET deployment", 2_000, () -> client.apps().deployments().inNamespace(namespace)
                    .withName("wordpress").get());
            time("LIST pods in one namespace", 2_000, () -> client.pods().inNamespace(namespace).list());
            time("LIST namespaces by store label", 2_000, () -> client.namespaces()
                    .withLabel(StoreLabels.STORE_NAME, "bench-" + stores / 3).list());
        }
    }

    private static void createStore(KubernetesClient client, int index) {
        String namespace = "bench-" + index;
        client.namespaces().resource(SimFixtures.storeNamespace(namespace, "bench-" + index)).create();
        client.resource(SimFixtures.database(namespace, "1")).serverSideApply();
        client.resource(SimFixtures.app(namespace, "1")).serverSideApply();
        client.resource(new ServiceBuilder().withNewMetadata().withName("wordpress").withNamespace(namespace)
                .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).serverSideApply();
        client.resource(new SecretBuilder().withNewMetadata().withName("store-credentials").withNamespace(namespace)
                .endMetadata().addToStringData("password", "x").build()).serverSideApply();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace(namespace)
                .endMetadata().addToData("k", "v").build()).serverSideApply();
    }

    private static void time(String what, int times, Runnable request) {
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            request.run();
        }
        System.out.printf("%-32s %.3f ms/request%n", what, (System.nanoTime() - start) / 1e6 / times);
    }
}
