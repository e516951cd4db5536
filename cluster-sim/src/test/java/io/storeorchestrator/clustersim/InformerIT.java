package io.storeorchestrator.clustersim;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.storeorchestrator.clustersim.traffic.Verb;
import io.storeorchestrator.common.naming.StoreLabels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real Fabric8 informers (JDK HTTP client, WebSocket watches) against the simulator: they see what the kubelet
 * simulator does, namespace deletion, a dropped watch (resume from their version) and a history window they fell
 * out of (410 Gone, then a new list).
 */
class InformerIT {

    private static final Duration PROMPTLY = Duration.ofMillis(500);

    private static ClusterSim sim;
    private static KubernetesClient client;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() {
        sim = ClusterSim.start(ClusterSimConfig.forTests());
        client = sim.client();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void stopInformers() {
        informers.forEach(SharedIndexInformer::close);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.openWatches() == 0);
    }

    /** What an informer's handler was told, in order: "ADDED ns/name", "MODIFIED …", "DELETED …". */
    private static final class Events<T extends HasMetadata> implements ResourceEventHandler<T> {

        record Seen<T>(String action, T object, long atNanos) {
        }

        final List<Seen<T>> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onAdd(T object) {
            seen.add(new Seen<>("ADDED", object, System.nanoTime()));
        }

        @Override
        public void onUpdate(T oldObject, T newObject) {
            seen.add(new Seen<>("MODIFIED", newObject, System.nanoTime()));
        }

        @Override
        public void onDelete(T object, boolean deletedFinalStateUnknown) {
            seen.add(new Seen<>("DELETED", object, System.nanoTime()));
        }

        boolean saw(String action, Predicate<T> object) {
            return seen.stream().anyMatch(s -> s.action().equals(action) && object.test(s.object()));
        }

        long heardAt(String action, String name) {
            return seen.stream().filter(s -> s.action().equals(action) && s.object().getMetadata().getName()
                    .equals(name)).findFirst().orElseThrow().atNanos();
        }

        List<String> actionsOn(String namespace, String name) {
            return seen.stream().filter(s -> s.object().getMetadata().getNamespace().equals(namespace)
                    && s.object().getMetadata().getName().equals(name)).map(Seen::action).toList();
        }
    }

    private <T extends HasMetadata> SharedIndexInformer<T> track(SharedIndexInformer<T> informer) {
        informers.add(informer);
        return informer;
    }

    private static boolean inNamespace(HasMetadata object, String namespace) {
        return namespace.equals(object.getMetadata().getNamespace());
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private static String createStore(String storeName) {
        String namespace = SimFixtures.uniqueNamespace();
        client.namespaces().resource(SimFixtures.storeNamespace(namespace, storeName)).create();
        client.resource(SimFixtures.database(namespace, "1")).serverSideApply();
        client.resource(SimFixtures.app(namespace, "1")).serverSideApply();
        return namespace;
    }

    @Test
    void informersSeeTheKubeletRunAStoreAndTheNamespaceDeletionTakeItAway() {
        Events<Pod> pods = new Events<>();
        Events<Deployment> deployments = new Events<>();
        Events<StatefulSet> statefulSets = new Events<>();
        Events<Namespace> namespaces = new Events<>();
        track(client.pods().inAnyNamespace().withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM)
                .inform(pods, 0));
        track(client.apps().deployments().inAnyNamespace().withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM)
                .inform(deployments, 0));
        track(client.apps().statefulSets().inAnyNamespace().withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM)
                .inform(statefulSets, 0));
        track(client.namespaces().withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).inform(namespaces, 0));

        String namespace = createStore("informed-shop");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(pods.saw("ADDED", p -> inNamespace(p, namespace) && !ready(p))).as("pods added pending")
                    .isTrue();
            assertThat(pods.saw("MODIFIED", p -> inNamespace(p, namespace) && p.getMetadata().getName()
                    .startsWith("wordpress-") && ready(p))).as("app pod ready").isTrue();
            assertThat(pods.saw("MODIFIED", p -> inNamespace(p, namespace) && p.getMetadata().getName()
                    .equals("mariadb-0") && ready(p))).as("database pod ready").isTrue();
            assertThat(deployments.saw("MODIFIED", d -> inNamespace(d, namespace)
                    && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas()))).as("deployment ready").isTrue();
            assertThat(statefulSets.saw("MODIFIED", s -> inNamespace(s, namespace)
                    && Integer.valueOf(1).equals(s.getStatus().getReadyReplicas()))).as("statefulset ready").isTrue();
        });
        assertThat(namespaces.seen).anyMatch(s -> s.action().equals("ADDED")
                && s.object().getMetadata().getName().equals(namespace));

        client.namespaces().withName(namespace).delete();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(namespaces.saw("MODIFIED", n -> n.getMetadata().getName().equals(namespace)
                    && "Terminating".equals(n.getStatus().getPhase()))).as("namespace terminating").isTrue();
            assertThat(namespaces.saw("DELETED", n -> n.getMetadata().getName().equals(namespace)))
                    .as("namespace deleted").isTrue();
            assertThat(pods.saw("DELETED", p -> inNamespace(p, namespace) && p.getMetadata().getName()
                    .equals("mariadb-0"))).as("database pod deleted").isTrue();
            assertThat(pods.saw("DELETED", p -> inNamespace(p, namespace) && p.getMetadata().getName()
                    .startsWith("wordpress-"))).as("app pod deleted").isTrue();
            assertThat(deployments.actionsOn(namespace, "wordpress")).endsWith("DELETED");
            assertThat(statefulSets.actionsOn(namespace, "mariadb")).endsWith("DELETED");
        });
    }

    @Test
    void aSharedIndexInformerIndexesWhatItWatches() {
        SharedIndexInformer<Pod> informer = track(client.pods().inAnyNamespace()
                .withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).runnableInformer(0));
        informer.addIndexers(Map.of("byNamespace", pod -> List.of(pod.getMetadata().getNamespace())));
        informer.run();

        String namespace = createStore("indexed-shop");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(informer.getIndexer()
                .byIndex("byNamespace", namespace)).hasSize(2).allMatch(InformerIT::ready));
    }

    @Test
    void aSingleNamespaceInformerHearsOfChangesWellUnderASecondAfterTheWrite() {
        String namespace = createStore("prompt-shop");
        Events<ConfigMap> configMaps = new Events<>();
        SharedIndexInformer<ConfigMap> informer = track(client.configMaps().inNamespace(namespace)
                .inform(configMaps, 0));
        await().atMost(Duration.ofSeconds(5)).until(informer::hasSynced);

        for (int i = 0; i < 10; i++) {
            String name = "settings-" + i;
            long written = System.nanoTime();
            client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName(name).endMetadata().addToData("k", "v").build()).create();
            await().atMost(PROMPTLY).until(() -> configMaps.saw("ADDED", c -> c.getMetadata().getName().equals(name)));
            assertThat(Duration.ofNanos(configMaps.heardAt("ADDED", name) - written)).isLessThan(PROMPTLY);
        }
    }

    @Test
    void aDroppedWatchResumesFromTheInformersVersionWithoutListingAgain() {
        String namespace = createStore("resumed-shop");
        Events<ConfigMap> configMaps = new Events<>();
        track(client.configMaps().inNamespace(namespace).inform(configMaps, 0));
        // Fabric8 takes a watch that ends within 2 s of opening without a message for a stale version and lists
        // again, so the watch first carries an event.
        client.configMaps().inNamespace(namespace).resource(configMap("before-drop", "plain")).create();
        await().atMost(PROMPTLY).until(() -> configMaps.saw("ADDED", c -> true));
        sim.resetRequestStats();

        assertThat(sim.dropWatches()).isEqualTo(1);
        await().atMost(PROMPTLY).until(() -> sim.openWatches() == 0);
        client.configMaps().inNamespace(namespace).resource(configMap("written-while-dropped", "plain")).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> configMaps.saw("ADDED",
                c -> c.getMetadata().getName().equals("written-while-dropped")));
        assertThat(sim.requestStats().count(Verb.WATCH, "configmaps")).isEqualTo(1);
        assertThat(sim.requestStats().count(Verb.LIST, "configmaps")).isZero();
    }

    @Test
    void anInformerThatFellOutOfTheHistoryWindowListsAgain() {
        try (ClusterSim small = ClusterSim.start(ClusterSimConfig.forTests().withWatchHistorySize(50))) {
            KubernetesClient smallClient = small.client();
            smallClient.namespaces().resource(SimFixtures.storeNamespace("window", "window-shop")).create();
            Events<ConfigMap> gold = new Events<>();
            SharedIndexInformer<ConfigMap> informer = smallClient.configMaps().inAnyNamespace()
                    .withLabel("tier", "gold").inform(gold, 0);
            try {
                smallClient.configMaps().inNamespace("window").resource(configMap("first-gold", "gold")).create();
                await().atMost(PROMPTLY).until(() -> gold.saw("ADDED", c -> true));
                // Changes the informer does not select move the history on without it.
                for (int i = 0; i < 60; i++) {
                    smallClient.configMaps().inNamespace("window").resource(configMap("plain-" + i, "plain"))
                            .create();
                }
                small.resetRequestStats();

                small.dropWatches();

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(small.requestStats().count(Verb.LIST, "configmaps")).as("listed again").isEqualTo(1);
                    assertThat(small.openWatches()).isEqualTo(1);
                });
                smallClient.configMaps().inNamespace("window").resource(configMap("second-gold", "gold")).create();
                await().atMost(PROMPTLY).until(() -> gold.saw("ADDED",
                        c -> c.getMetadata().getName().equals("second-gold")));
                assertThat(informer.getStore().listKeys()).containsExactlyInAnyOrder("window/first-gold",
                        "window/second-gold");
            } finally {
                informer.close();
            }
        }
    }

    @Test
    void aClientBuiltWithTheDefaultsFromTheKubeconfigInformsToo() throws Exception {
        Path kubeconfig = sim.writeKubeconfig(temp.resolve("kubeconfig"));
        try (KubernetesClient defaults = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
            Events<Namespace> namespaces = new Events<>();
            SharedIndexInformer<Namespace> informer = defaults.namespaces()
                    .withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).inform(namespaces, 0);
            try {
                String namespace = SimFixtures.uniqueNamespace();
                client.namespaces().resource(SimFixtures.storeNamespace(namespace, "default-client-shop")).create();

                await().atMost(PROMPTLY).until(() -> namespaces.saw("ADDED",
                        n -> n.getMetadata().getName().equals(namespace)));
            } finally {
                informer.close();
            }
        }
    }

    private static ConfigMap configMap(String name, String tier) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("tier", tier).endMetadata()
                .addToData("k", "v").build();
    }
}
