package io.storeorchestrator.reaper;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.ApplicationContext;
import io.storeorchestrator.clustersim.ClusterSim;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestDatabase;
import io.storeorchestrator.common.testsupport.TestResources;
import io.storeorchestrator.reaper.sweep.ReaperMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reaper whose Lease is taken away in the middle of a throttled sweep stops deleting within its renew deadline: the
 * sweep checks leadership before every deletion and abandons the rest of its pass.
 */
class LeaseLostMidSweepIT {

    private static final int BACKLOG = 40;

    @Test
    void theSweepStopsDeletingOnceTheLeaseIsSomeoneElses(@TempDir Path dir) throws Exception {
        TestDatabase db = TestDatabase.createMigrated();
        TestBroker broker = TestBroker.create();
        ClusterSim sim = ClusterSim.start(ClusterSimConfig.forTests());
        ApplicationContext reaper = null;
        try {
            Path kubeconfig = dir.resolve("kubeconfig");
            sim.writeKubeconfig(kubeconfig);
            KubernetesClient kubernetes = sim.client();
            for (int i = 0; i < BACKLOG; i++) {
                ReaperHarness.createManagedNamespace(kubernetes, UUID.randomUUID(), "orphan-" + i);
            }
            String lease = "reaper-lost-" + UUID.randomUUID().toString().substring(0, 8);
            reaper = ReaperHarness.start(ReaperHarness.properties(db, broker, kubeconfig, "reaper-lost", Map.of(
                    "reaper.lease-name", lease,
                    "reaper.orphan-grace", "0s",
                    "reaper.orphan-guard-override", "true",
                    "reaper.orphan-max-per-sweep", "1000",
                    // 40 deletions at 4 a second: a pass of ten seconds to take the lease away in.
                    "reaper.orphan-max-per-second", "4",
                    "reaper.orphan-parallelism", "1")));
            ApplicationContext running = reaper;
            await().atMost(Duration.ofSeconds(20)).until(() -> deleted(running) >= 4);

            // Another replica's lease now, renewed a moment ago and good for a minute.
            kubernetes.leases().inNamespace("default").withName(lease).edit(current -> {
                Lease taken = current;
                taken.getSpec().setHolderIdentity("usurper");
                taken.getSpec().setLeaseDurationSeconds(60);
                taken.getSpec().setRenewTime(ZonedDateTime.now());
                taken.getSpec().setAcquireTime(ZonedDateTime.now());
                return taken;
            });
            long takenAt = System.nanoTime();
            // The renew deadline is 2 s in the harness; its retries every 300 ms find the lease someone else's.
            await().atMost(Duration.ofSeconds(5)).until(() -> ReaperHarness.leaderGauge(running) == 0);
            Duration stoppedAfter = Duration.ofNanos(System.nanoTime() - takenAt);
            double atStop = deleted(running);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> deleted(running) == atStop);
            assertThat(stoppedAfter).isLessThanOrEqualTo(Duration.ofSeconds(4));
            assertThat(atStop).as("stopped mid-sweep").isLessThan(BACKLOG);
            long alive = kubernetes.namespaces().withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).list()
                    .getItems().stream().filter(ns -> ns.getMetadata().getDeletionTimestamp() == null).count();
            assertThat(alive).isEqualTo(BACKLOG - (long) atStop);
        } finally {
            TestResources.closeAll(db, broker, sim, reaper);
        }
    }

    private static double deleted(ApplicationContext reaper) {
        return ReaperHarness.actions(reaper, ReaperMetrics.ORPHAN_NAMESPACE_DELETED);
    }
}
