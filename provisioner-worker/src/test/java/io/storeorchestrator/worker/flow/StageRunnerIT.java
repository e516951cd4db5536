package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.storeorchestrator.worker.model.StoreSpec;
import io.storeorchestrator.worker.config.WorkerConfig;
import com.rabbitmq.client.Channel;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.ConfirmingPublisher;
import io.storeorchestrator.common.messaging.MessageCodec;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.naming.StoreNames;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestResources;
import io.storeorchestrator.worker.fencing.FenceDecision;
import io.storeorchestrator.worker.fencing.StoreLease;
import io.storeorchestrator.worker.fencing.StoreLeases;
import io.storeorchestrator.worker.fencing.StoreTable;
import io.storeorchestrator.worker.kube.ApplyOutcome;
import io.storeorchestrator.worker.kube.KubernetesFailure;
import io.storeorchestrator.worker.kube.KubernetesStepException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.CREATED;
import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.UNCHANGED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One stage of a flow under a real lease (PostgreSQL) reporting real events (RabbitMQ): {@link CommandRun} has no
 * seam for a fake lease or event sink, so the stage is run against the servers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StageRunnerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private StoreTable table;
    private TestBroker broker;
    private RabbitConnector connector;
    private ConfirmingPublisher publisher;
    private EventReporter events;
    private StoreLeases leases;
    private final List<StoreEvent> received = new CopyOnWriteArrayList<>();
    private final List<StoreLease> held = new ArrayList<>();
    private final StageRunner stages = new StageRunner(TestConfigs.slots(4), WorkerConfig.defaults());

    @BeforeAll
    void startServers() throws Exception {
        table = new StoreTable();
        leases = new StoreLeases(table.dataSource());
        broker = TestBroker.create();
        connector = new RabbitConnector(broker.settings(), "stage-runner-it");
        publisher = new ConfirmingPublisher(connector);
        events = new EventReporter(publisher, broker.settings().topology(),
                new io.storeorchestrator.worker.messaging.WorkerMetrics(
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), WorkerConfig.defaults()));
        // The events queue is single-active-consumer, where basic.get is refused: consume it.
        Channel channel = connector.openChannel();
        channel.basicConsume(broker.settings().topology().eventsQueue(), true,
                (tag, delivery) -> received.add(MessageCodec.decode(delivery.getBody(), StoreEvent.class)), tag -> { });
    }

    @AfterEach
    void releaseLeases() {
        held.forEach(StoreLease::release);
        held.clear();
    }

    @AfterAll
    void stopServers() {
        TestResources.closeAll(table, broker, connector, publisher);
    }

    @Test
    void theStepsOfAStageRunAtOnceAndReportTogetherInStageOrderWithTheirDurations() throws Exception {
        CommandRun run = run();
        CountDownLatch allStarted = new CountDownLatch(3);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch othersFinished = new CountDownLatch(2);
        List<Step> stage = List.of(
                step(StepName.RESOURCE_QUOTA, r -> {
                    started(allStarted);
                    awaitLatch(releaseFirst);
                    return List.of(new ApplyOutcome("ResourceQuota", "store-quota", CREATED));
                }),
                step(StepName.LIMIT_RANGE, r -> {
                    started(allStarted);
                    othersFinished.countDown();
                    return List.of(new ApplyOutcome("LimitRange", "store-limits", UNCHANGED));
                }),
                step(StepName.SERVICES, r -> {
                    started(allStarted);
                    othersFinished.countDown();
                    return List.of(new ApplyOutcome("Service", "mariadb", CREATED),
                            new ApplyOutcome("Service", "wordpress", CREATED));
                }));

        Thread runner = Thread.ofVirtual().start(() -> stages.run(run, stage));
        assertThat(othersFinished.await(5, TimeUnit.SECONDS)).as("the later steps ran while the first one waited")
                .isTrue();
        // Nothing is reported while a step of the stage still runs, though two of them are done.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> eventsOf(run).isEmpty());
        releaseFirst.countDown();
        runner.join(TIMEOUT);

        await().atMost(TIMEOUT).until(() -> eventsOf(run).size() == 3);
        List<StoreEvent> reported = eventsOf(run);
        assertThat(reported).extracting(StoreEvent::type).containsOnly(StoreEventType.STEP);
        assertThat(reported).extracting(StoreEvent::step).containsExactly("resource-quota", "limit-range", "services");
        assertThat(reported).extracting(StoreEvent::message).containsExactly("ResourceQuota store-quota created",
                "LimitRange store-limits unchanged", "Service mariadb created, Service wordpress created");
        assertThat(reported).allSatisfy(event -> {
            assertThat(event.generation()).isEqualTo(run.command().generation());
            assertThat(event.durationMs()).isNotNull().isNotNegative();
        });
        assertThat(reported.getFirst().durationMs()).as("the first step waited at least 300ms").isGreaterThanOrEqualTo(300);
    }

    @Test
    void aFailedStepFailsTheStageWithItsKubernetesReasonWhileTheOtherStepsStillReport() throws Exception {
        CommandRun run = run();
        Instant before = Instant.now();
        List<Step> stage = List.of(
                step(StepName.RESOURCE_QUOTA, r -> List.of(new ApplyOutcome("ResourceQuota", "store-quota", CREATED))),
                step(StepName.NETWORK_POLICIES, r -> {
                    throw new KubernetesStepException("apply NetworkPolicy deny-all", new KubernetesFailure(false,
                            "Forbidden", "networkpolicies.networking.k8s.io is forbidden", Optional.empty()), null);
                }),
                step(StepName.SECRET, r -> List.of(new ApplyOutcome("Secret", "credentials", CREATED))));

        assertThatThrownBy(() -> stages.run(run, stage)).isInstanceOfSatisfying(StepFailedException.class, e -> {
            StoreFailure failure = e.failure();
            assertThat(failure.step()).isEqualTo("network-policies");
            assertThat(failure.reason()).isEqualTo("Forbidden");
            assertThat(failure.message())
                    .isEqualTo("apply NetworkPolicy deny-all: networkpolicies.networking.k8s.io is forbidden");
            assertThat(failure.at()).isAfterOrEqualTo(before);
            assertThat(e).hasMessage(failure.statusReason());
        });

        await().atMost(TIMEOUT).until(() -> eventsOf(run).size() == 2);
        assertThat(eventsOf(run)).extracting(StoreEvent::step).containsExactly("resource-quota", "secret");
    }

    @Test
    void theFirstFailedStepInStageOrderIsTheOneReportedWhicheverFailedFirst() throws Exception {
        CommandRun run = run();
        CountDownLatch secondFailed = new CountDownLatch(1);
        List<Step> stage = List.of(
                step(StepName.DATABASE, r -> {
                    awaitLatch(secondFailed);
                    throw kubernetes("apply StatefulSet mariadb", "Invalid", "spec.replicas: Invalid value: -1");
                }),
                step(StepName.APPLICATION, r -> {
                    secondFailed.countDown();
                    throw kubernetes("apply Deployment wordpress", "Forbidden", "exceeded quota");
                }));

        assertThatThrownBy(() -> stages.run(run, stage)).isInstanceOfSatisfying(StepFailedException.class, e -> {
            assertThat(e.failure().step()).isEqualTo("database");
            assertThat(e.failure().reason()).isEqualTo("Invalid");
        });
    }

    @Test
    void anUnexpectedExceptionFailsTheStepNamedByTheExceptionsKind() throws Exception {
        CommandRun run = run();
        List<Step> stage = List.of(step(StepName.INGRESS, r -> {
            throw new NullPointerException("tls hosts is null");
        }));

        assertThatThrownBy(() -> stages.run(run, stage)).isInstanceOfSatisfying(StepFailedException.class, e -> {
            assertThat(e.failure().step()).isEqualTo("ingress");
            assertThat(e.failure().reason()).isEqualTo("NullPointerException");
            assertThat(e.failure().message()).isEqualTo("tls hosts is null");
        });
    }

    @Test
    void aStageStartsWithAFenceCheckSoASupersededCommandRunsNoStep() throws Exception {
        CommandRun run = run();
        table.update(run.store().id(), StoreStatus.DELETING, run.command().generation() + 1);
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> stages.run(run, List.of(
                step(StepName.DATABASE, r -> {
                    ran.set(true);
                    return List.of();
                }))))
                .isInstanceOfSatisfying(CommandStoppedException.class, e -> {
                    assertThat(e.decision()).isEqualTo(FenceDecision.SUPERSEDED);
                    assertThat(e.step()).isEqualTo(StepName.DATABASE);
                });
        assertThat(ran).isFalse();
        assertThat(run.currentStep()).isEqualTo(StepName.DATABASE);
    }

    @Test
    void theStagesFenceCheckRenewsTheLease() throws Exception {
        CommandRun run = run();
        Instant before = table.lease(run.store().id()).orElseThrow().expiresAt();

        stages.run(run, List.of(step(StepName.NAMESPACE, r -> List.of())));

        assertThat(table.lease(run.store().id()).orElseThrow().expiresAt()).isAfter(before);
    }

    /** A PROVISIONING store of its own, leased, as the command processor hands it to a flow. */
    private CommandRun run() throws Exception {
        UUID id = table.insert(StoreStatus.PROVISIONING, 1);
        StoreLeases.Attempt attempt = leases.acquire(id, UUID.randomUUID().toString(), Duration.ofSeconds(30));
        assertThat(attempt).isInstanceOf(StoreLeases.Attempt.Acquired.class);
        StoreLease lease = ((StoreLeases.Attempt.Acquired) attempt).lease();
        held.add(lease);
        Instant now = Instant.now();
        StoreCommand command = new StoreCommand(UUID.randomUUID(), CommandType.PROVISION, id, "shop",
                Engine.WOOCOMMERCE, 1, StoreNames.namespaceFor(id), "shop.localtest.me",
                now.plus(Duration.ofMinutes(10)), now, null);
        return new CommandRun(command, StoreSpec.from(command, StoreCatalogLoader.defaults()), lease, null, events,
                new ShutdownSignal());
    }

    private List<StoreEvent> eventsOf(CommandRun run) {
        return received.stream().filter(event -> event.storeId().equals(run.store().id())).toList();
    }

    private static Step step(StepName name, Step.Action action) {
        return new Step(name, "test step", action);
    }

    private static KubernetesStepException kubernetes(String what, String reason, String message) {
        return new KubernetesStepException(what, new KubernetesFailure(false, reason, message, Optional.empty()), null);
    }

    private static void started(CountDownLatch allStarted) {
        allStarted.countDown();
        awaitLatch(allStarted);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("steps of the stage did not run at once");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
