package io.storeorchestrator.reaper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.storeorchestrator.clustersim.ClusterSim;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestDatabase;
import io.storeorchestrator.common.testsupport.TestResources;
import io.storeorchestrator.reaper.sweep.ReaperMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** REAPER_DRY_RUN: the leader reports what it would do, in its log and its metrics, and does none of it. */
class DryRunIT {

    @Test
    void aDryRunCountsTheActionAndPublishesNothing(@TempDir Path dir) throws Exception {
        TestDatabase db = TestDatabase.createMigrated();
        TestBroker broker = TestBroker.create();
        ClusterSim sim = ClusterSim.start(ClusterSimConfig.forTests());
        ReaperHarness.EventRecorder recorder = null;
        ApplicationContext reaper = null;
        try {
            try (RabbitConnector connector = new RabbitConnector(broker.settings(), "reaper-test-setup")) {
                connector.connection();
            }
            recorder = new ReaperHarness.EventRecorder(broker);
            Path kubeconfig = dir.resolve("kubeconfig");
            sim.writeKubeconfig(kubeconfig);
            UUID overdue = UUID.randomUUID();
            Instant now = Instant.now();
            ReaperHarness.insertStore(db, overdue, "late-shop", "PROVISIONING", 1, now.minus(Duration.ofMinutes(5)), now);

            reaper = ReaperHarness.start(ReaperHarness.properties(db, broker, kubeconfig, "reaper-dry",
                    Map.of("reaper.dry-run", "true")));
            ApplicationContext running = reaper;
            await().atMost(Duration.ofSeconds(20)).until(() -> dryRunActions(running) >= 1
                    && ReaperHarness.sweeps(running, "deadline", "ok") >= 3);
            assertThat(recorder.about(overdue)).as("nothing published in a dry run").isEmpty();
            assertThat(reaper.getBean(MeterRegistry.class).find(ReaperMetrics.ACTIONS).tag("dry_run", "false")
                    .counters()).isEmpty();
        } finally {
            TestResources.closeAll(db, broker, recorder, sim, reaper);
        }
    }

    private static double dryRunActions(ApplicationContext reaper) {
        Counter counter = reaper.getBean(MeterRegistry.class).find(ReaperMetrics.ACTIONS)
                .tags("action", ReaperMetrics.DEADLINE_FAILED, "dry_run", "true").counter();
        return counter == null ? 0 : counter.count();
    }
}
