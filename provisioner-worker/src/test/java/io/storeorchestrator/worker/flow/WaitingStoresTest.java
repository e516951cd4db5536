package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.naming.StoreNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WaitingStoresTest {

    private static final Instant FAR = Instant.now().plus(Duration.ofHours(1));

    private final WaitingStores waiting = new WaitingStores();
    private final List<StoreCommand> woken = new CopyOnWriteArrayList<>();
    private final StoreCommand command = provision(UUID.randomUUID());
    private final StoreCommand parked = command.resumingAt(StepName.WAIT_READY);
    private final String namespace = command.namespace();

    WaitingStoresTest() {
        waiting.onWake(woken::add);
    }

    @AfterEach
    void stopTimers() {
        waiting.close();
    }

    @Test
    void aWatchEventWakesAParkedStoreWithItsWakeUpCommand() {
        parkAfterRunning(parked);

        waiting.namespaceChanged(namespace);

        assertThat(woken).containsExactly(parked);
    }

    @Test
    void furtherEventsDoNotWakeTheStoreAgainWhileItsWakeUpIsUnderWay() {
        parkAfterRunning(parked);

        waiting.namespaceChanged(namespace);
        waiting.namespaceChanged(namespace);
        waiting.namespaceChanged(namespace);

        assertThat(woken).hasSize(1);
    }

    @Test
    void anEventDuringALookWithoutTheLeaseWakesTheStoreOnceMoreRightAfter() {
        parkAfterRunning(parked);
        waiting.namespaceChanged(namespace);
        // The pods turn ready while the cache look of the first wake-up runs: that change must not be lost.
        waiting.namespaceChanged(namespace);
        assertThat(woken).hasSize(1);

        waiting.stillParked(command.storeId());

        assertThat(woken).containsExactly(parked, parked);
    }

    @Test
    void aLookWithoutTheLeaseThatSawEverythingLeavesTheStoreQuiet() {
        parkAfterRunning(parked);
        waiting.namespaceChanged(namespace);

        waiting.stillParked(command.storeId());

        assertThat(woken).hasSize(1);
        waiting.namespaceChanged(namespace);
        assertThat(woken).hasSize(2);
    }

    @Test
    void onceTheWokenCommandParkedAgainTheNextEventWakesItAgain() {
        parkAfterRunning(parked);
        waiting.namespaceChanged(namespace);

        parkAfterRunning(parked);
        waiting.namespaceChanged(namespace);

        assertThat(woken).containsExactly(parked, parked);
    }

    @Test
    void anEventWhileTheCommandRunsWakesTheStoreRightAfterItParks() {
        waiting.running(command.storeId());
        waiting.namespaceChanged(namespace);
        assertThat(woken).as("not while it runs").isEmpty();

        waiting.parked(parked, "Deployment wordpress missing", FAR, true);
        assertThat(woken).as("not before the delivery settled").isEmpty();
        waiting.settled(command.storeId(), CommandResult.PARKED);

        assertThat(woken).containsExactly(parked);
    }

    @Test
    void anEventWhileTheCommandRunsIsForgottenOnceItWokeTheStore() {
        waiting.running(command.storeId());
        waiting.namespaceChanged(namespace);
        waiting.parked(parked, "Deployment wordpress missing", FAR, true);
        waiting.settled(command.storeId(), CommandResult.PARKED);

        parkAfterRunning(parked);

        assertThat(woken).as("the second park saw no new event").hasSize(1);
    }

    /**
     * A queue delivery and a watch wake-up of one store can run at once (one holds the lease, the other finds it busy
     * and parks at once). An event seen while they run must wake the store once both settled; today the first settle
     * clears the remembered event although the other command is still running, so it is lost.
     */
    @Test
    void anEventWhileOneOfTwoCommandsRunsWaitsForBothToSettle() {
        parkAfterRunning(parked);
        waiting.running(command.storeId());
        waiting.running(command.storeId());
        waiting.namespaceChanged(namespace);

        waiting.settled(command.storeId(), CommandResult.PARKED);
        assertThat(woken).isEmpty();
        waiting.settled(command.storeId(), CommandResult.PARKED);

        assertThat(woken).containsExactly(parked);
    }

    @Test
    void anEventWhileTheCommandRunsDoesNotWakeAStoreThatNeverParked() {
        waiting.running(command.storeId());
        waiting.namespaceChanged(namespace);

        waiting.settled(command.storeId(), CommandResult.REQUEUED);

        assertThat(woken).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = CommandResult.class, names = {"READY", "FAILED", "DELETED", "SUPERSEDED", "ALREADY_DONE",
            "UNKNOWN_STORE"})
    void aStoreThatFinishedIsForgotten(CommandResult result) {
        parkAfterRunning(parked);
        waiting.running(command.storeId());
        waiting.namespaceChanged(namespace);

        waiting.settled(command.storeId(), result);
        waiting.namespaceChanged(namespace);

        assertThat(waiting.size()).isZero();
        assertThat(woken).isEmpty();
    }

    @Test
    void aRequeuedStoreStaysParkedAndAnEventStillWakesIt() {
        parkAfterRunning(parked);
        waiting.running(command.storeId());
        waiting.settled(command.storeId(), CommandResult.REQUEUED);

        waiting.namespaceChanged(namespace);

        assertThat(waiting.size()).isEqualTo(1);
        assertThat(woken).containsExactly(parked);
    }

    @Test
    void namespacesOfNoParkedStoreAreIgnored() {
        parkAfterRunning(parked);

        waiting.namespaceChanged("default");
        waiting.namespaceChanged("kube-system");
        waiting.namespaceChanged(StoreNames.namespaceFor(UUID.randomUUID()));
        waiting.namespaceChanged(StoreNames.NAMESPACE_PREFIX + "not-a-uuid");
        waiting.namespaceChanged(null);

        assertThat(woken).isEmpty();
        assertThat(waiting.size()).isEqualTo(1);
    }

    @Test
    void eachStoreIsWokenByItsOwnNamespaceOnly() {
        StoreCommand other = provision(UUID.randomUUID()).resumingAt(StepName.WAIT_READY);
        parkAfterRunning(parked);
        parkAfterRunning(other);

        waiting.namespaceChanged(other.namespace());

        assertThat(woken).containsExactly(other);
        assertThat(waiting.size()).isEqualTo(2);
    }

    @Test
    void waitingForIsReportedWhenItChangesAndNotWhenItStaysTheSame() {
        UUID store = command.storeId();
        waiting.running(store);

        assertThat(waiting.parked(parked, "Deployment wordpress missing", FAR, true)).isTrue();
        assertThat(waiting.parked(parked, "Deployment wordpress missing", FAR, false)).isFalse();
        assertThat(waiting.parked(parked, "Deployment wordpress 0/1 ready, 1/1 updated", FAR, false)).isTrue();
        assertThat(waiting.parked(parked, "Deployment wordpress 0/1 ready, 1/1 updated", FAR, false)).isFalse();
        assertThat(waiting.parked(parked, "Deployment wordpress missing", FAR, false)).isTrue();
    }

    @Test
    void waitingForIsRememberedAcrossWakeUpsOfTheSameStore() {
        waiting.running(command.storeId());
        assertThat(waiting.parked(parked, "StatefulSet mariadb missing", FAR, true)).isTrue();
        waiting.settled(command.storeId(), CommandResult.PARKED);
        waiting.namespaceChanged(namespace);

        waiting.running(command.storeId());
        assertThat(waiting.parked(parked, "StatefulSet mariadb missing", FAR, false)).isFalse();
    }

    @Test
    void aStoreThisWorkerDoesNotTrackReportsOnlyItsFirstPark() {
        assertThat(waiting.parked(parked, "Deployment wordpress missing", FAR, true)).isTrue();
        assertThat(waiting.parked(parked, "Deployment wordpress missing", FAR, false)).isFalse();
        assertThat(waiting.size()).isZero();
    }

    @Test
    void theDeadlineWakesAParkedStoreWithoutAnyEvent() {
        waiting.running(command.storeId());
        waiting.parked(parked, "Deployment wordpress missing", Instant.now().plusMillis(100), true);
        waiting.settled(command.storeId(), CommandResult.PARKED);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(woken).containsExactly(parked));
    }

    @Test
    void aDeadlineThatPassesWhileTheCommandRunsWakesTheStoreOnceItParks() {
        waiting.running(command.storeId());
        waiting.parked(parked, "Deployment wordpress missing", Instant.now().minusSeconds(1), true);

        // The timer fires at once, on its own thread, and finds the command still running.
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(woken::isEmpty);
        waiting.settled(command.storeId(), CommandResult.PARKED);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(woken).containsExactly(parked));
    }

    @Test
    void theDeadlineTimerOfAFinishedStoreNeverFires() {
        waiting.running(command.storeId());
        waiting.parked(parked, "Deployment wordpress missing", Instant.now().plusMillis(100), true);
        waiting.settled(command.storeId(), CommandResult.READY);

        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(1)).until(woken::isEmpty);
    }

    @Test
    void aWakeThatCouldNotBeHandedOverCanBeRetriedByTheNextEvent() {
        AtomicInteger calls = new AtomicInteger();
        waiting.onWake(wakeUp -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("no thread to run it");
            }
            woken.add(wakeUp);
        });
        parkAfterRunning(parked);

        waiting.namespaceChanged(namespace);
        waiting.namespaceChanged(namespace);

        assertThat(woken).containsExactly(parked);
    }

    @Test
    void theWakeUpIsTheLatestParkedCommand() {
        StoreCommand teardown = new StoreCommand(UUID.randomUUID(), CommandType.TEARDOWN, command.storeId(),
                command.storeName(), command.engine(), 2, namespace, command.host(), null, Instant.now(), null)
                .resumingAt(StepName.WAIT_NAMESPACE_GONE);
        parkAfterRunning(parked);
        parkAfterRunning(teardown);

        waiting.namespaceChanged(namespace);

        assertThat(woken).containsExactly(teardown);
    }

    /**
     * A store whose command only found the lease busy (or was handed back before it ever parked) has nothing to wake
     * and is waited on by no one here, yet {@code settled(PARKED)} keeps its entry: the {@code store_orchestrator_stores_waiting}
     * gauge counts it forever, and past {@link WaitingStores#MAX_TRACKED} such entries no new store is tracked.
     */
    @Test
    void aStoreThatSettledWithoutEverParkingIsNotKept() {
        waiting.running(command.storeId());
        waiting.settled(command.storeId(), CommandResult.PARKED); // the lease was busy: nothing parked here

        assertThat(waiting.size()).isZero();
    }

    @Test
    void aDurableWakeUpLearnsWhereWatchWakeUpsLastParkedTheSameCommand() {
        parkAfterRunning(command.resumingAt(StepName.MIGRATIONS));

        assertThat(waiting.parkedAt(command.resumingAt(StepName.WAIT_DATABASE))).contains(StepName.MIGRATIONS);
        assertThat(waiting.parkedAt(provision(command.storeId()))).as("another command of the store").isEmpty();
        assertThat(waiting.parkedAt(provision(UUID.randomUUID()))).as("a store not parked here").isEmpty();
    }

    private void parkAfterRunning(StoreCommand wakeUp) {
        waiting.running(wakeUp.storeId());
        waiting.parked(wakeUp, "Deployment wordpress missing", FAR, wakeUp.resumeAt() == null);
        waiting.settled(wakeUp.storeId(), CommandResult.PARKED);
    }

    private static StoreCommand provision(UUID storeId) {
        Instant now = Instant.now();
        return new StoreCommand(UUID.randomUUID(), CommandType.PROVISION, storeId, "shop", Engine.WOOCOMMERCE, 1,
                StoreNames.namespaceFor(storeId), "shop.localtest.me", now.plus(Duration.ofMinutes(10)), now, null);
    }
}
