package io.storeorchestrator.clustersim;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.storeorchestrator.common.naming.StoreLabels;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Measures the simulator with many store-shaped namespaces: how fast stores are created, how long a GET and a
 * namespace list take once the cluster is full, how long informers take to sync and to hear of a write, and what
 * 50 concurrent requests cost with 200 ms of API latency. Not a test; run it by hand:
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
            informers(sim, namespace);
            concurrentRequestsWithLatency(sim, namespace);
        }
    }

    /** The worker's informers (pods, deployments, statefulsets, namespaces): how long they take to sync, then lag. */
    private static void informers(ClusterSim sim, String namespace) throws Exception {
        KubernetesClient client = sim.client();
        long start = System.nanoTime();
        List<SharedIndexInformer<?>> informers = List.of(
                client.pods().inAnyNamespace().withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).inform(),
                client.apps().deployments().inAnyNamespace()
                        .withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).inform(),
                client.apps().statefulSets().inAnyNamespace()
                        .withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).inform(),
                client.namespaces().withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).inform());
        System.out.printf("%-32s %.0f ms (%d pods cached)%n", "4 informers synced",
                (System.nanoTime() - start) / 1e6, informers.getFirst().getStore().list().size());

        Map<String, CompletableFuture<Long>> heard = new ConcurrentHashMap<>();
        SharedIndexInformer<ConfigMap> lag = client.configMaps().inNamespace(namespace)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap configMap) {
                        heard.computeIfAbsent(configMap.getMetadata().getName(), n -> new CompletableFuture<>())
                                .complete(System.nanoTime());
                    }

                    @Override
                    public void onUpdate(ConfigMap oldConfigMap, ConfigMap newConfigMap) {
                    }

                    @Override
                    public void onDelete(ConfigMap configMap, boolean deletedFinalStateUnknown) {
                    }
                });
        // An informer lists, then opens its watch: lag is measured once the watch is open.
        while (sim.openWatches() < informers.size() + 1) {
            Thread.sleep(10);
        }
        long worst = 0;
        long sum = 0;
        int writes = 200;
        // Write 0 warms the path up (class loading, JIT) and is not counted.
        for (int i = 0; i <= writes; i++) {
            String name = "lag-" + i;
            long sent = System.nanoTime();
            client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName(name).endMetadata().build()).create();
            long nanos = heard.computeIfAbsent(name, n -> new CompletableFuture<>()).get(5, TimeUnit.SECONDS) - sent;
            if (i == 0) {
                continue;
            }
            worst = Math.max(worst, nanos);
            sum += nanos;
        }
        System.out.printf("%-32s %.2f ms mean, %.2f ms worst (write sent to event handled)%n", "watch event lag",
                sum / 1e6 / writes, worst / 1e6);
        lag.close();
        informers.forEach(SharedIndexInformer::close);
    }

    private static void concurrentRequestsWithLatency(ClusterSim sim, String namespace) throws Exception {
        sim.knobs().setApiLatency(Duration.ofMillis(200));
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = IntStream.range(0, 50).mapToObj(i -> pool.submit(() -> sim.client().apps().deployments()
                    .inNamespace(namespace).withName("wordpress").get())).toList();
            for (Future<?> future : futures) {
                future.get();
            }
        }
        System.out.printf("%-32s %.0f ms in all%n", "50 concurrent GETs, 200 ms each",
                (System.nanoTime() - start) / 1e6);
        sim.knobs().setApiLatency(Duration.ZERO);
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
