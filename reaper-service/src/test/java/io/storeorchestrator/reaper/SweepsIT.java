package io.storeorchestrator.reaper;

import io.micronaut.context.ApplicationContext;
import io.storeorchestrator.clustersim.ClusterSim;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The deadline and stuck-deletion sweeps against real PostgreSQL and RabbitMQ, leading on the simulated cluster. */
class SweepsIT {

    private static TestDatabase db;
    private static TestBroker broker;
    private static ClusterSim sim;
    private static ReaperHarness.EventRecorder recorder;
    private static ApplicationContext reaper;
    private static final List<StoreCommand> commands = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        db = TestDatabase.createMigrated();
        broker = TestBroker.create();
        try (RabbitConnector connector = new RabbitConnector(broker.settings(), "reaper-test-setup")) {
            connector.connection(); // declares the topology the recorder consumes from
        }
        recorder = new ReaperHarness.EventRecorder(broker);
        sim = ClusterSim.start(ClusterSimConfig.forTests());
        Path kubeconfig = dir.resolve("kubeconfig");
        sim.writeKubeconfig(kubeconfig);
        reaper = ReaperHarness.start(ReaperHarness.properties(db, broker, kubeconfig, "reaper-sweeps", Map.of()));
    }

    @AfterAll
    static void stop() {
        TestResources.closeAll(db, broker, recorder, sim, reaper);
    }

    @Test
    void aStorePastItsDeadlineGetsAFailedEventForItsGeneration() throws Exception {
        Instant now = Instant.now();
        UUID overdue = UUID.randomUUID();
        UUID onTime = UUID.randomUUID();
        UUID ready = UUID.randomUUID();
        ReaperHarness.insertStore(db, overdue, "late-shop", "PROVISIONING", 2, now.minus(Duration.ofMinutes(5)), now);
        ReaperHarness.insertStore(db, onTime, "fresh-shop", "QUEUED", 1, now.plus(Duration.ofMinutes(10)), now);
        // A READY store has its namespace, made before its row as a worker does: a sweep between the two would
        // otherwise find a READY store without a namespace and report it (MissingNamespacesIT).
        ReaperHarness.createManagedNamespace(sim.client(), ready, "done-shop");
        ReaperHarness.insertStore(db, ready, "done-shop", "READY", 1, now.minus(Duration.ofMinutes(5)), now);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(recorder.about(overdue)).anySatisfy(event -> {
                    assertThat(event.type()).isEqualTo(StoreEventType.FAILED);
                    assertThat(event.generation()).isEqualTo(2);
                    assertThat(event.step()).isEqualTo("deadline");
                    assertThat(event.reason()).isEqualTo(StoreFailure.DEADLINE_EXCEEDED);
                    assertThat(event.message()).startsWith("not ready by its provisioning deadline");
                }));
        // Several further passes: still one FAILED (not re-sent every interval), nothing for the others.
        double passes = ReaperHarness.sweeps(reaper, "deadline", "ok");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ReaperHarness.sweeps(reaper, "deadline", "ok") >= passes + 3);
        assertThat(recorder.about(overdue)).hasSize(1);
        assertThat(recorder.about(onTime)).isEmpty();
        assertThat(recorder.about(ready)).isEmpty();
        assertThat(ReaperHarness.actions(reaper, "deadline-failed")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStuckDeletionGetsItsTeardownResentOnce() throws Exception {
        Instant now = Instant.now();
        UUID stuck = UUID.randomUUID();
        UUID progressing = UUID.randomUUID();
        ReaperHarness.insertStore(db, stuck, "stuck-shop", "DELETING", 3, null, now.minus(Duration.ofMinutes(30)));
        ReaperHarness.insertStore(db, progressing, "going-shop", "DELETING", 2, null, now);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            commands.addAll(ReaperHarness.drainCommands(broker));
            assertThat(commands).anySatisfy(command -> {
                assertThat(command.type()).isEqualTo(CommandType.TEARDOWN);
                assertThat(command.storeId()).isEqualTo(stuck);
                assertThat(command.generation()).isEqualTo(3);
                assertThat(command.namespace()).isEqualTo("store-" + stuck);
            });
            assertThat(recorder.about(stuck)).extracting(StoreEvent::type).contains(StoreEventType.WARNING);
        });
        double passes = ReaperHarness.sweeps(reaper, "stuck-deletion", "ok");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ReaperHarness.sweeps(reaper, "stuck-deletion", "ok") >= passes + 3);
        commands.addAll(ReaperHarness.drainCommands(broker));
        assertThat(commands).filteredOn(c -> c.storeId().equals(stuck)).hasSize(1);
        assertThat(commands).noneMatch(c -> c.storeId().equals(progressing));
        assertThat(recorder.about(stuck)).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("teardown re-sent by the reaper"));
    }
}
