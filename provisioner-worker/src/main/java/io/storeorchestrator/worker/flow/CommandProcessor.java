package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.messaging.BrokerUnavailableException;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.fencing.FenceDecision;
import io.storeorchestrator.worker.fencing.LockLostException;
import io.storeorchestrator.worker.fencing.StoreLock;
import io.storeorchestrator.worker.fencing.StoreLocks;
import io.storeorchestrator.worker.messaging.WorkerMetrics;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs one command: takes the store's lock, checks the fence, runs the flow, and turns how it ended into a
 * {@link CommandResult}. Every ending that is reported is reported before the result is returned, so the caller
 * acks only what the broker already confirmed.
 */
@Singleton
public final class CommandProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

    private final StoreLocks locks;
    private final ProvisionFlow provisionFlow;
    private final TeardownFlow teardownFlow;
    private final EventReporter events;
    private final ShutdownSignal shutdown;
    private final WorkerMetrics metrics;
    private final WorkerConfig config;

    public CommandProcessor(StoreLocks locks, ProvisionFlow provisionFlow, TeardownFlow teardownFlow,
                            EventReporter events, ShutdownSignal shutdown, WorkerMetrics metrics, WorkerConfig config) {
        this.locks = locks;
        this.provisionFlow = provisionFlow;
        this.teardownFlow = teardownFlow;
        this.events = events;
        this.shutdown = shutdown;
        this.metrics = metrics;
        this.config = config;
    }

    public CommandResult process(StoreCommand command) {
        MDC.put("storeId", command.storeId().toString());
        MDC.put("generation", Long.toString(command.generation()));
        metrics.started();
        Instant started = Instant.now();
        CommandResult result = CommandResult.REQUEUED;
        try {
            result = underLock(command);
            return result;
        } finally {
            metrics.finished(command.type(), result);
            if (command.type() == CommandType.PROVISION
                    && (result == CommandResult.READY || result == CommandResult.FAILED)) {
                metrics.provisioned(result, Duration.between(started, Instant.now()));
            }
            LOG.info("{} command {} ended: {}", command.type(), command.commandId(), result);
            MDC.remove("storeId");
            MDC.remove("generation");
        }
    }

    private CommandResult underLock(StoreCommand command) {
        Optional<StoreLock> lock;
        try {
            lock = locks.acquire(command.storeId(), config.lockWait(), shutdown::isStopping);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CommandResult.REQUEUED;
        }
        if (lock.isEmpty()) {
            LOG.info("Store {} is locked by another command (or PostgreSQL is down); requeueing", command.storeId());
            return CommandResult.REQUEUED;
        }
        try (StoreLock held = lock.get()) {
            return run(new CommandRun(command, held, events, shutdown));
        }
    }

    private CommandResult run(CommandRun run) {
        StoreCommand command = run.command();
        String step = command.type() == CommandType.PROVISION ? ProvisionFlow.START : TeardownFlow.START;
        try {
            run.checkFence(step);
            if (command.type() == CommandType.PROVISION) {
                provisionFlow.run(run);
                return CommandResult.READY;
            }
            teardownFlow.run(run);
            return CommandResult.DELETED;
        } catch (CommandStoppedException e) {
            return stopped(run, e);
        } catch (StepFailedException e) {
            run.report(StoreEventType.FAILED, e.step(), e.reason());
            return CommandResult.FAILED;
        } catch (RequeueException e) {
            LOG.info("Requeueing: {}", e.getMessage());
            return CommandResult.REQUEUED;
        } catch (LockLostException | BrokerUnavailableException e) {
            // Progress so far is safe (steps are idempotent); another delivery resumes it.
            LOG.warn("Requeueing: {}", e.getMessage());
            return CommandResult.REQUEUED;
        }
    }

    private CommandResult stopped(CommandRun run, CommandStoppedException e) {
        FenceDecision decision = e.decision();
        switch (decision) {
            case SUPERSEDED -> {
                run.report(StoreEventType.SUPERSEDED, e.step(), "stopped at " + e.step()
                        + ": a newer request replaced generation " + run.command().generation() + " (" + e.getMessage() + ")");
                return CommandResult.SUPERSEDED;
            }
            case UNKNOWN_STORE -> {
                LOG.warn("{} command {} is for an unknown store; nothing to do", run.command().type(),
                        run.command().commandId());
                return CommandResult.UNKNOWN_STORE;
            }
            default -> {
                LOG.info("Nothing to do: {}", e.getMessage());
                return CommandResult.ALREADY_DONE;
            }
        }
    }
}
