package io.storeorchestrator.reaper;

import io.micronaut.context.ApplicationContext;
import io.storeorchestrator.clustersim.ClusterSim;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestDatabase;
import io.storeorchestrator.common.testsupport.TestResources;
import io.storeorchestrator.reaper.sweep.ReaperMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sweeps of reaper v2 against real PostgreSQL and RabbitMQ on the simulated cluster: expiry (notice, with its
 * Kubernetes Event, then deletion), retention (FAILED deleted, DELETED purged), live stores whose namespace is gone;
 * and the same in a dry run, which publishes nothing and records each in the audit log once.
 */
class StoreSweepsIT {

    private TestDatabase db;
    private TestBroker broker;
    private ClusterSim sim;
    private ReaperHarness.EventRecorder recorder;
    private ApplicationContext reaper;
    private Path kubeconfig;

    private final UUID expiringSoon = UUID.randomUUID();
    private final UUID expired = UUID.randomUUID();
    private final UUID failedLong = UUID.randomUUID();
    private final UUID deletedLong = UUID.randomUUID();
    private final UUID readyWithoutNamespace = UUID.randomUUID();
    private final UUID updatingWithoutNamespace = UUID.randomUUID();
    private final UUID healthy = UUID.randomUUID();

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        db = TestDatabase.createMigrated();
        broker = TestBroker.create();
        try (RabbitConnector connector = new RabbitConnector(broker.settings(), "reaper-test-setup")) {
            connector.connection();
        }
        recorder = new ReaperHarness.EventRecorder(broker);
        sim = ClusterSim.start(ClusterSimConfig.forTests());
        kubeconfig = dir.resolve("kubeconfig");
        sim.writeKubeconfig(kubeconfig);
        Instant now = Instant.now();
        store(expiringSoon, "soon", "READY", now, "expires_at = ?", now.plus(Duration.ofMinutes(30)));
        store(expired, "expired", "READY", now, "expires_at = ?, expiry_noticed_at = ?", now.minusSeconds(60),
                now.minusSeconds(120));
        store(failedLong, "failed-long", "FAILED", now, "failed_at = ?", now.minus(Duration.ofHours(2)));
        store(deletedLong, "deleted-long", "DELETED", now, "deleted_at = ?", now.minus(Duration.ofHours(2)));
        store(healthy, "healthy", "READY", now, null);
        ReaperHarness.insertStore(db, readyWithoutNamespace, "lost", "READY", 1, null, now);
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE stores SET template = 'woo-storefront' WHERE id = ?")) {
            s.setObject(1, readyWithoutNamespace);
            s.executeUpdate();
        }
        ReaperHarness.insertStore(db, updatingWithoutNamespace, "lost-update", "UPDATING", 2, null, now);
    }

    @AfterEach
    void stop() {
        TestResources.closeAll(db, broker, recorder, sim, reaper);
    }

    private void store(UUID id, String name, String status, Instant now, String set, Instant... values)
            throws SQLException {
        ReaperHarness.insertStore(db, id, name, status, 1, null, now);
        ReaperHarness.createManagedNamespace(sim.client(), id, name);
        if (set == null) {
            return;
        }
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE stores SET " + set + " WHERE id = ?")) {
            int i = 1;
            for (Instant value : values) {
                s.setTimestamp(i++, Timestamp.from(value));
            }
            s.setObject(i, id);
            s.executeUpdate();
        }
    }

    private ApplicationContext startReaper(boolean dryRun) {
        return ReaperHarness.start(ReaperHarness.properties(db, broker, kubeconfig, "reaper-v2", Map.of(
                "reaper.dry-run", Boolean.toString(dryRun),
                "reaper.failed-retention", "1h",
                "reaper.deleted-retention", "1h",
                // Seven stores, two without a namespace: within the guard's floor.
                "reaper.orphan-grace", "1h")));
    }

    @Test
    void eachSweepAsksTheApiForWhatIsDue() throws Exception {
        reaper = startReaper(false);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(types(expiringSoon)).contains(StoreEventType.EXPIRING);
            assertThat(types(expired)).contains(StoreEventType.DELETE_REQUESTED);
            assertThat(types(failedLong)).contains(StoreEventType.DELETE_REQUESTED);
            assertThat(types(deletedLong)).contains(StoreEventType.PURGE_REQUESTED);
            assertThat(types(readyWithoutNamespace)).contains(StoreEventType.NAMESPACE_MISSING,
                    StoreEventType.REPROVISIONING);
            assertThat(types(updatingWithoutNamespace)).contains(StoreEventType.NAMESPACE_MISSING);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> ReaperHarness.sweeps(reaper, "orphan-namespace", "ok") >= 3);
        assertThat(recorder.about(expiringSoon)).as("once, however many sweeps").hasSize(1);
        assertThat(recorder.about(expired).getFirst().step()).isEqualTo("expiry");
        assertThat(recorder.about(failedLong).getFirst().step()).isEqualTo("failed-retention");
        assertThat(types(updatingWithoutNamespace)).doesNotContain(StoreEventType.REPROVISIONING);
        assertThat(recorder.about(healthy)).isEmpty();
        List<StoreCommand> commands = ReaperHarness.drainCommands(broker);
        assertThat(commands).singleElement().satisfies(command -> {
            assertThat(command.storeId()).isEqualTo(readyWithoutNamespace);
            assertThat(command.type()).isEqualTo(CommandType.PROVISION);
            assertThat(command.resumeAt()).isEqualTo("reprovision");
            assertThat(command.plan()).isEqualTo("small");
            assertThat(command.template()).as("its database is new: the template goes in again")
                    .isEqualTo("woo-storefront");
        });
        assertThat(sim.client().v1().events().inNamespace("store-" + expiringSoon).list().getItems())
                .singleElement().satisfies(event -> assertThat(event.getReason()).isEqualTo("StoreExpiring"));
        assertThat(ReaperHarness.actions(reaper, ReaperMetrics.REPROVISION_REQUESTED)).isEqualTo(1);
        assertThat(auditRows()).as("a real run leaves the audit to the API").isEmpty();
    }

    @Test
    void aDryRunPublishesNothingAndRecordsEachOnceInTheAuditLog() throws Exception {
        reaper = startReaper(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> auditRows().size() >= 6);
        await().atMost(Duration.ofSeconds(10)).until(() -> ReaperHarness.sweeps(reaper, "orphan-namespace", "ok") >= 3);
        assertThat(recorder.events).isEmpty();
        assertThat(ReaperHarness.drainCommands(broker)).isEmpty();
        assertThat(sim.client().v1().events().inNamespace("store-" + expiringSoon).list().getItems()).isEmpty();
        List<String> rows = auditRows();
        assertThat(rows).as("once each, however many sweeps").hasSize(6);
        assertThat(rows).allSatisfy(row -> assertThat(row).startsWith("REAPER_DRY_RUN reaper would "));
        assertThat(rows).anySatisfy(row -> assertThat(row).contains("would notify store soon"))
                .anySatisfy(row -> assertThat(row).contains("would delete store expired"))
                .anySatisfy(row -> assertThat(row).contains("would delete store failed-long"))
                .anySatisfy(row -> assertThat(row).contains("would purge the rows of store deleted-long"))
                .anySatisfy(row -> assertThat(row).contains("namespace store-" + readyWithoutNamespace))
                .anySatisfy(row -> assertThat(row).contains("namespace store-" + updatingWithoutNamespace));
        assertThat(reaper.getBean(io.micrometer.core.instrument.MeterRegistry.class).find(ReaperMetrics.ACTIONS)
                .tag("dry_run", "true").counters()).anySatisfy(c -> assertThat(c.count()).isPositive());
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM stores WHERE status = 'DELETED'"); ResultSet rs = s.executeQuery()) {
            rs.next();
            assertThat(rs.getLong(1)).as("the reaper writes no store row").isEqualTo(1);
        }
    }

    private List<StoreEventType> types(UUID store) {
        return recorder.about(store).stream().map(StoreEvent::type).toList();
    }

    private List<String> auditRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT action, actor, detail FROM audit_log ORDER BY id"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        return rows;
    }
}
