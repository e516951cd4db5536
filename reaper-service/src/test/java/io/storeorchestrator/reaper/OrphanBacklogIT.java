package io.storeorchestrator.reaper;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.storeorchestrator.clustersim.ClusterSim;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestDatabase;
import io.storeorchestrator.common.testsupport.TestResources;
import io.storeorchestrator.reaper.sweep.ReaperMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backlog of orphaned namespaces on the simulated cluster (listed in pages smaller than the backlog): the guard
 * refuses it, a dry run only reports it, and then it drains a capped number per sweep. In that order, on one backlog.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrphanBacklogIT {

    private static final int BACKLOG = 60;
    private static final int LIVE = 3;
    private static final int CAP = 7;

    private static TestDatabase db;
    private static TestBroker broker;
    private static ClusterSim sim;
    private static Path kubeconfig;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        db = TestDatabase.createMigrated();
        broker = TestBroker.create();
        sim = ClusterSim.start(ClusterSimConfig.forTests());
        kubeconfig = dir.resolve("kubeconfig");
        sim.writeKubeconfig(kubeconfig);
        KubernetesClient kubernetes = sim.client();
        for (int i = 0; i < LIVE; i++) {
            UUID id = UUID.randomUUID();
            ReaperHarness.insertStore(db, id, "live-" + i, "UPDATING", 1, null, Instant.now());
            createManaged(kubernetes, id, "live-" + i);
        }
        for (int i = 0; i < BACKLOG; i++) {
            createManaged(kubernetes, UUID.randomUUID(), "orphan-" + i);
        }
    }

    @AfterAll
    static void stop() {
        TestResources.closeAll(db, broker, sim);
    }

    @Test
    @Order(1)
    void theGuardDeletesNothingWhenMostNamespacesLookOrphaned() {
        try (ApplicationContext reaper = start(Map.of())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> guardTrips(reaper) >= 2);
            assertThat(ReaperHarness.actions(reaper, ReaperMetrics.ORPHAN_NAMESPACE_DELETED)).isZero();
        }
        assertThat(aliveManaged()).isEqualTo(LIVE + BACKLOG);
    }

    @Test
    @Order(2)
    void aDryRunReportsTheCappedDeletionsAndChangesNothing() {
        try (ApplicationContext reaper = start(Map.of("reaper.dry-run", "true", "reaper.orphan-guard-override", "true"))) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> dryRunDeletions(reaper) >= 2 * CAP);
            assertThat(aliveManaged()).isEqualTo(LIVE + BACKLOG);
        }
        assertThat(aliveManaged()).isEqualTo(LIVE + BACKLOG);
    }

    @Test
    @Order(3)
    void aBacklogDrainsAtTheCapPerSweepAndLiveStoresKeepTheirNamespaces() {
        try (ApplicationContext reaper = start(Map.of("reaper.orphan-max-share", "1"))) {
            double sweepsBefore = ReaperHarness.sweeps(reaper, "orphan-namespace", "ok");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                double deleted = ReaperHarness.actions(reaper, ReaperMetrics.ORPHAN_NAMESPACE_DELETED);
                double sweeps = ReaperHarness.sweeps(reaper, "orphan-namespace", "ok") - sweepsBefore;
                // The sweep in progress may have deleted its share before it is counted.
                assertThat(deleted).as("deletions after %s sweeps", sweeps).isLessThanOrEqualTo(CAP * (sweeps + 1));
                assertThat(deleted).isEqualTo(BACKLOG);
            });
            assertThat(ReaperHarness.sweeps(reaper, "orphan-namespace", "ok") - sweepsBefore)
                    .isGreaterThanOrEqualTo(Math.ceil((double) BACKLOG / CAP) - 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> aliveManaged() == LIVE);
    }

    private static ApplicationContext start(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(Map.of("test.mutable-clock", "true", "reaper.orphan-grace", "10m",
                "reaper.orphan-max-per-sweep", CAP, "reaper.orphan-max-per-second", "200",
                "reaper.orphan-page-size", "25"));
        props.putAll(extra);
        ApplicationContext reaper = ReaperHarness.start(ReaperHarness.properties(db, broker, kubeconfig,
                "reaper-backlog-" + UUID.randomUUID(), props));
        reaper.getBean(MutableClock.class).advance(Duration.ofMinutes(11));
        return reaper;
    }

    private static void createManaged(KubernetesClient kubernetes, UUID storeId, String name) {
        kubernetes.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("store-" + storeId)
                .addToLabels(StoreLabels.forStore(storeId, name, "woocommerce")).endMetadata().build()).create();
    }

    /** Managed namespaces present and not terminating. */
    private static long aliveManaged() {
        return sim.client().namespaces().withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).list().getItems()
                .stream().filter(ns -> ns.getMetadata().getDeletionTimestamp() == null).count();
    }

    private static double guardTrips(ApplicationContext reaper) {
        var counter = reaper.getBean(MeterRegistry.class).find(ReaperMetrics.GUARD_TRIPS).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double dryRunDeletions(ApplicationContext reaper) {
        var counter = reaper.getBean(MeterRegistry.class).find(ReaperMetrics.ACTIONS)
                .tags("action", ReaperMetrics.ORPHAN_NAMESPACE_DELETED, "dry_run", "true").counter();
        return counter == null ? 0 : counter.count();
    }
}
