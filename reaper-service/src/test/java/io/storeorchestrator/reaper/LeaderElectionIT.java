package io.storeorchestrator.reaper;

import io.micronaut.context.ApplicationContext;
import io.storeorchestrator.clustersim.ClusterSim;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two reapers on one Lease: exactly one sweeps, and the other takes over when it stops. */
class LeaderElectionIT {

    private TestDatabase db;
    private TestBroker broker;
    private ClusterSim sim;
    private ApplicationContext first;
    private ApplicationContext second;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        db = TestDatabase.createMigrated();
        broker = TestBroker.create();
        sim = ClusterSim.start(ClusterSimConfig.forTests());
    }

    @AfterEach
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[]{first, second, sim, broker, db}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void onlyOneReaperLeadsAndTheOtherTakesOverWhenItStops() {
        Path kubeconfig = dir.resolve("kubeconfig");
        sim.writeKubeconfig(kubeconfig);
        Map<String, Object> shared = new HashMap<>(Map.of("reaper.lease-name", "reaper-election-test"));
        first = ReaperHarness.start(ReaperHarness.properties(db, broker, kubeconfig, "reaper-one", shared));
        second = ReaperHarness.start(ReaperHarness.properties(db, broker, kubeconfig, "reaper-two", shared));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                ReaperHarness.leaderGauge(first) + ReaperHarness.leaderGauge(second) == 1);
        ApplicationContext leader = ReaperHarness.leaderGauge(first) == 1 ? first : second;
        ApplicationContext standby = leader == first ? second : first;
        await().atMost(Duration.ofSeconds(10)).until(() -> ReaperHarness.sweeps(leader, "deadline", "ok") >= 3);
        assertThat(ReaperHarness.leaderGauge(standby)).isZero();
        assertThat(ReaperHarness.sweeps(standby, "deadline", "ok")).isZero();

        leader.close();

        // The stopped leader released the lease, so the standby need not wait for it to expire.
        await().atMost(Duration.ofSeconds(15)).until(() -> ReaperHarness.leaderGauge(standby) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> ReaperHarness.sweeps(standby, "deadline", "ok") >= 2);
    }

    @Test
    void keepsRunningWhileTheDatabaseAndTheBrokerAreDown() {
        Path kubeconfig = dir.resolve("kubeconfig");
        sim.writeKubeconfig(kubeconfig);
        // Nothing listens on port 1.
        first = ReaperHarness.start(ReaperHarness.properties(db, broker, kubeconfig, "reaper-outage", Map.of(
                "datasources.default.url", "jdbc:postgresql://127.0.0.1:1/store_orchestrator",
                "datasources.default.connection-timeout", "1000",
                "rabbitmq.port", 1)));

        await().atMost(Duration.ofSeconds(20)).until(() -> ReaperHarness.leaderGauge(first) == 1);
        // Every pass fails, is counted, and the next one still runs (the orphan sweep too: it reads the live stores
        // to find those whose namespace is gone).
        await().atMost(Duration.ofSeconds(20)).until(() -> ReaperHarness.sweeps(first, "deadline", "error") >= 2
                && ReaperHarness.sweeps(first, "orphan-namespace", "error") >= 2);
        assertThat(first.isRunning()).isTrue();
    }
}
