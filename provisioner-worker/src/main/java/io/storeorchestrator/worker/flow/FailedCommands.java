package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.worker.config.WorkerConfig;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * Ends a command that failed for good, as {@link RollbackDecision} says: FAILED, or ROLLING_BACK with the rollback
 * command. The event and the rollback go out under one confirm, so a failed update is never acked with nobody left to
 * undo it, nor undone without the timeline saying why.
 */
@Singleton
public final class FailedCommands {

    private static final Logger LOG = LoggerFactory.getLogger(FailedCommands.class);

    private final EventReporter events;
    private final Topology topology;
    private final WorkerConfig config;
    private final Clock clock = Clock.systemUTC();

    public FailedCommands(EventReporter events, Topology topology, WorkerConfig config) {
        this.events = events;
        this.topology = topology;
        this.config = config;
    }

    /** A command that failed in a run under its lease; the run's held-back events go out first. */
    CommandResult end(CommandRun run, StoreFailure failure) {
        // The rollback runs next, before any wake-up of this update still on its way could find the update's pods
        // failing again and start a second rollback.
        return end(run.command(), failure, run::reportAll, run::handLeaseTo);
    }

    /** A command that failed without a run (its spec could not be built, it was delivered too often). */
    CommandResult end(StoreCommand command, StoreFailure failure) {
        return end(command, failure, events::report, rollback -> { });
    }

    /** @param rollingBack told the rollback command once it is sent */
    private CommandResult end(StoreCommand command, StoreFailure failure, Sender send,
                              java.util.function.Consumer<StoreCommand> rollingBack) {
        return switch (RollbackDecision.of(command, failure, clock.instant(), config.recoveryTimeout())) {
            case RollbackDecision.Fail fail -> {
                StoreEvent failed = StoreEvent.failed(command.storeId(), command.generation(), fail.failure());
                send.send(List.of(command.revision() == null ? failed : failed.aboutRevision(command.revision())),
                        List.of());
                yield command.rollbackOf() != null ? CommandResult.ROLLBACK_FAILED : CommandResult.FAILED;
            }
            case RollbackDecision.RollBack rollBack -> {
                LOG.info("Revision {} of store {} failed ({}); rolling back to revision {}",
                        command.appliedRevision(), command.storeId(), failure.reason(),
                        rollBack.rollback().appliedRevision());
                send.send(List.of(rollBack.rollingBack()),
                        List.of(OutgoingMessage.command(topology, rollBack.rollback())));
                rollingBack.accept(rollBack.rollback());
                yield CommandResult.ROLLING_BACK;
            }
        };
    }

    @FunctionalInterface
    private interface Sender {
        void send(List<StoreEvent> events, List<OutgoingMessage> alongside);
    }
}
