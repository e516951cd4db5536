package io.storeorchestrator.reaper;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.ApplicationContext;
import io.storeorchestrator.clustersim.ClusterSim;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestDatabase;
import io.storeorchestrator.common.testsupport.TestResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The orphaned-namespace sweep on the simulated cluster. The simulator stamps namespaces with the real time, so the
 * reaper's clock is moved forward to make them older than the grace.
 */
class OrphanNamespaceIT {

    private static TestDatabase db;
    private static TestBroker broker;
    private static ClusterSim sim;
    private static ApplicationContext reaper;

    @BeforeAll
    static void start(@TempDir Path dir) {
        db = TestDatabase.createMigrated();
        broker = TestBroker.create();
        sim = ClusterSim.start(ClusterSimConfig.forTests());
        Path kubeconfig = dir.resolve("kubeconfig");
        sim.writeKubeconfig(kubeconfig);
        reaper = ReaperHarness.start(ReaperHarness.properties(db, broker, kubeconfig, "reaper-orphans",
                Map.of("test.mutable-clock", "true", "reaper.orphan-grace", "10m")));
    }

    @AfterAll
    static void stop() {
        TestResources.closeAll(db, broker, sim, reaper);
    }

    @Test
    void deletesOnlyManagedNamespacesOfUnknownOrDeletedStoresOlderThanTheGrace() throws Exception {
        KubernetesClient kubernetes = sim.client();
        Instant now = Instant.now();
        UUID live = UUID.randomUUID();
        UUID deleted = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        // The live store's namespace before its row, as a worker makes them: never a READY store without one.
        create(kubernetes, managed(live, "live-shop"));
        ReaperHarness.insertStore(db, live, "live-shop", "READY", 1, null, now);
        ReaperHarness.insertStore(db, deleted, "gone-shop", "DELETED", 2, null, now);
        create(kubernetes, managed(deleted, "gone-shop"));
        create(kubernetes, managed(unknown, "lost-shop"));
        create(kubernetes, new NamespaceBuilder().withNewMetadata().withName("garbage-label")
                .addToLabels(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM)
                .addToLabels(StoreLabels.STORE_ID, "not-a-uuid").endMetadata().build());
        // Looks like a store namespace, but without the managed label the reaper must never touch it.
        String unmanaged = "store-" + UUID.randomUUID();
        create(kubernetes, new NamespaceBuilder().withNewMetadata().withName(unmanaged)
                .addToLabels(StoreLabels.STORE_ID, unknown.toString()).endMetadata().build());

        // Young: every namespace survives several passes.
        double passes = ReaperHarness.sweeps(reaper, "orphan-namespace", "ok");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> ReaperHarness.sweeps(reaper, "orphan-namespace", "ok") >= passes + 3);
        assertThat(alive(kubernetes, "store-" + unknown)).isTrue();
        assertThat(alive(kubernetes, "store-" + deleted)).isTrue();
        assertThat(alive(kubernetes, "garbage-label")).isTrue();
        assertThat(ReaperHarness.actions(reaper, "orphan-namespace-deleted")).isZero();

        // Past the grace: the orphans go, the live store's namespace and the unmanaged one stay.
        reaper.getBean(MutableClock.class).advance(Duration.ofMinutes(11));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(alive(kubernetes, "store-" + unknown)).as("namespace of an unknown store").isFalse();
            assertThat(alive(kubernetes, "store-" + deleted)).as("namespace of a DELETED store").isFalse();
            assertThat(alive(kubernetes, "garbage-label")).as("namespace with a garbage store-id").isFalse();
        });
        double after = ReaperHarness.sweeps(reaper, "orphan-namespace", "ok");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> ReaperHarness.sweeps(reaper, "orphan-namespace", "ok") >= after + 2);
        assertThat(alive(kubernetes, "store-" + live)).isTrue();
        assertThat(alive(kubernetes, unmanaged)).isTrue();
        assertThat(ReaperHarness.actions(reaper, "orphan-namespace-deleted")).isEqualTo(3);
    }

    private static Namespace managed(UUID storeId, String name) {
        return new NamespaceBuilder().withNewMetadata().withName("store-" + storeId)
                .addToLabels(StoreLabels.forStore(storeId, name, "woocommerce")).endMetadata().build();
    }

    private static void create(KubernetesClient kubernetes, Namespace namespace) {
        kubernetes.namespaces().resource(namespace).create();
    }

    /** Present and not terminating. */
    private static boolean alive(KubernetesClient kubernetes, String name) {
        Namespace namespace = kubernetes.namespaces().withName(name).get();
        return namespace != null && namespace.getMetadata().getDeletionTimestamp() == null;
    }
}
