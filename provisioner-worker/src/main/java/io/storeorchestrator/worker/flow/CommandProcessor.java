package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.UnknownChoiceException;
import io.storeorchestrator.worker.model.StoreSpec;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.BrokerUnavailableException;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.domains.DomainsFlow;
import io.storeorchestrator.worker.domains.StoreDomains;
import io.storeorchestrator.worker.fencing.FenceDecision;
import io.storeorchestrator.worker.fencing.LeaseLostException;
import io.storeorchestrator.worker.fencing.StoreLease;
import io.storeorchestrator.worker.fencing.StoreLeases;
import io.storeorchestrator.worker.messaging.WorkerMetrics;
import io.storeorchestrator.worker.tracing.WorkerTraces;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;
import java.util.UUID;

/**
 * Runs one delivery of a command: takes the store's lease, checks the fence, runs the flow as far as it goes now,
 * and parks the store when it has to wait. Every ending that is reported is reported before the result is returned,
 * so the caller acks only what the broker already confirmed.
 *
 * <p>Deliveries come from the commands queue (new commands and durable wake-ups) and from watch events on stores
 * parked here ({@link #wake}); both take the same path, and the lease keeps them from running at once.
 */
@Singleton
public final class CommandProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

    private final LeaseTaker leases;
    private final ProvisionFlow provisionFlow;
    private final UpdateFlow updateFlow;
    private final FailedCommands failedCommands;
    private final ReadinessCheck readiness;
    private final TeardownFlow teardownFlow;
    private final EventReporter events;
    private final WakeUps wakeUps;
    private final WaitingStores waiting;
    private final ShutdownSignal shutdown;
    private final WorkerMetrics metrics;
    private final WorkerTraces traces;
    private final WorkerConfig config;
    private final StoreCatalog catalog;
    private final DomainsFlow domainsFlow;
    private final StoreDomains storeDomains;
    private final BackupFlow backupFlow;
    private final RestoreFlow restoreFlow;

    public CommandProcessor(LeaseTaker leases, ProvisionFlow provisionFlow, UpdateFlow updateFlow,
                            FailedCommands failedCommands, ReadinessCheck readiness, TeardownFlow teardownFlow,
                            EventReporter events, WakeUps wakeUps, WaitingStores waiting, ShutdownSignal shutdown,
                            WorkerMetrics metrics, WorkerTraces traces, WorkerConfig config, StoreCatalog catalog,
                            DomainsFlow domainsFlow, StoreDomains storeDomains, BackupFlow backupFlow,
                            RestoreFlow restoreFlow) {
        this.domainsFlow = domainsFlow;
        this.storeDomains = storeDomains;
        this.backupFlow = backupFlow;
        this.restoreFlow = restoreFlow;
        this.leases = leases;
        this.provisionFlow = provisionFlow;
        this.updateFlow = updateFlow;
        this.failedCommands = failedCommands;
        this.readiness = readiness;
        this.teardownFlow = teardownFlow;
        this.events = events;
        this.wakeUps = wakeUps;
        this.waiting = waiting;
        this.shutdown = shutdown;
        this.metrics = metrics;
        this.traces = traces;
        this.config = config;
        this.catalog = catalog;
        metrics.waitingStores(waiting::size);
        // Watch wake-ups run one per store at a time, at most WORKER_CONCURRENCY at once: a burst of pod events
        // must not turn into a burst of lease statements against a small connection pool.
        java.util.concurrent.Semaphore wakers = new java.util.concurrent.Semaphore(config.concurrency());
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("wake-", 1).factory());
        waiting.onWake(command -> threads.execute(() -> {
            wakers.acquireUninterruptibly();
            try {
                wake(command);
            } finally {
                wakers.release();
            }
        }));
    }

    /** Where a delivery came from: the queue (it carries the store's wake-up chain) or a watch event (it does not). */
    enum Origin { QUEUE, WATCH }

    /**
     * A delivery from the commands queue.
     *
     * @param deliveryCount how many times the broker delivered it before (0 the first time)
     */
    public CommandResult process(StoreCommand command, long deliveryCount) {
        if (deliveryCount >= Topology.COMMAND_DELIVERY_LIMIT) {
            return giveUp(command, deliveryCount);
        }
        return handle(command, Origin.QUEUE);
    }

    /** A watch event touched a store parked here: look again now rather than at its wake-up. */
    void wake(StoreCommand parked) {
        if (shutdown.isStopping()) {
            return;
        }
        if (parked.type() != CommandType.TEARDOWN && readiness.stillWaiting(parked)) {
            // Most pod and workload events are steps on the way (Pending, ContainerCreating, one replica of two).
            waiting.stillParked(parked.storeId());
            return;
        }
        traces.watchWake(parked, () -> handle(parked, Origin.WATCH));
    }

    private CommandResult handle(StoreCommand command, Origin origin) {
        MDC.put("storeId", command.storeId().toString());
        MDC.put("generation", Long.toString(command.generation()));
        MDC.put("commandId", command.commandId().toString());
        waiting.running(command.storeId());
        CommandResult result = CommandResult.REQUEUED;
        try {
            result = underLease(command, origin);
            return result;
        } finally {
            waiting.settled(command.storeId(), result);
            traces.settled(command.storeId(), result);
            metrics.finished(command.type(), result);
            LOG.debug("{} command {} ({}) ended: {}", command.type(), command.commandId(), origin, result);
            MDC.remove("storeId");
            MDC.remove("generation");
            MDC.remove("commandId");
        }
    }

    private CommandResult underLease(StoreCommand command, Origin origin) {
        // An automatic rollback's first delivery takes the lease the failed update handed it; everything else takes a
        // free lease under a holder of its own.
        String holder = command.rollbackOf() != null && command.resumeAt() == null
                ? StoreLease.handedTo(command.commandId()) : UUID.randomUUID().toString();
        return switch (leases.take(command.storeId(), holder)) {
            case null -> CommandResult.REQUEUED; // stopping while PostgreSQL was down
            case StoreLeases.Attempt.UnknownStore _ -> stoppedWithoutLease(command, FenceDecision.UNKNOWN_STORE);
            case StoreLeases.Attempt.Busy busy -> {
                FenceDecision decision = FenceDecision.decide(command, java.util.Optional.of(busy.store()));
                if (decision != FenceDecision.PROCEED) {
                    yield stoppedWithoutLease(command, decision);
                }
                if (origin == Origin.QUEUE) {
                    // Another command of the store is running: come back later, holding nothing meanwhile.
                    wakeUps.schedule(command, config.busyRetryDelay());
                }
                yield CommandResult.PARKED;
            }
            case StoreLeases.Attempt.Acquired acquired -> {
                try (StoreLease lease = acquired.lease()) {
                    if (command.type() == CommandType.DOMAINS
                            && acquired.store().status() == io.storeorchestrator.common.domain.StoreStatus.QUEUED) {
                        // No namespace yet, or a provisioning in flight the API has not heard of: look again soon.
                        wakeUps.schedule(command, config.busyRetryDelay());
                        yield CommandResult.PARKED;
                    }
                    StoreSpec store;
                    try {
                        store = StoreSpec.from(command, catalog);
                    } catch (UnknownChoiceException e) {
                        yield unknownChoice(command, e);
                    }
                    List<StoreDomains.Served> served;
                    try {
                        served = appliesObjects(command) ? storeDomains.served(command.storeId()) : List.of();
                    } catch (java.sql.SQLException e) {
                        // Never "no domains" for want of an answer: a DOMAINS command would remove them all.
                        LOG.info("Handing the command back: custom domains of store {} unreadable: {}",
                                command.storeId(), e.getMessage());
                        yield CommandResult.REQUEUED;
                    }
                    CommandRun run = new CommandRun(command, store.withCustomHosts(served.stream()
                            .map(StoreDomains.Served::host).toList()), lease, acquired.store(), events, shutdown);
                    run.awaitActivation(served.stream().filter(domain -> !domain.active())
                            .map(StoreDomains.Served::host).collect(java.util.stream.Collectors.toSet()));
                    yield run(run, origin);
                }
            }
        };
    }

    /**
     * Whether this delivery may apply the store's objects, and so needs its custom domains read: not a teardown, nor
     * the wake-up of a store parked at wait-ready (the most frequent delivery, which only looks at readiness). Without
     * hosts a provisioning has no domains step and removes nothing, so reading none where they were needed would only
     * leave them to the DOMAINS command.
     */
    private static boolean appliesObjects(StoreCommand command) {
        return command.type() != CommandType.TEARDOWN
                && command.resumeStep().filter(step -> step == StepName.WAIT_READY).isEmpty();
    }

    private CommandResult run(CommandRun run, Origin origin) {
        StoreCommand command = run.command();
        try {
            FlowOutcome outcome = switch (command.type()) {
                // The flows resume a wake-up at the wait it parked at (wait-database, migrations, wait-ready).
                case PROVISION -> provisionFlow.run(run);
                case UPDATE -> updateFlow.run(run);
                case DOMAINS -> domainsFlow.run(run);
                case TEARDOWN -> command.resumeStep().filter(step -> step == StepName.WAIT_NAMESPACE_GONE).isPresent()
                        ? teardownFlow.awaitGone(run) : teardownFlow.run(run);
                // Backups and restore (issue 11)
                case BACKUP -> backupFlow.run(run);
                case RESTORE -> restoreFlow.run(run);
            };
            return switch (outcome) {
                case FlowOutcome.Done done -> done.result();
                case FlowOutcome.Park park -> park(run, park, origin);
            };
        } catch (CommandStoppedException e) {
            return stopped(run, e);
        } catch (StepFailedException e) {
            if (shutdown.isStopping()) {
                // An interrupted call looks like a failure; the next worker will tell whether it really is one.
                LOG.info("Stopping; handing back instead of failing on: {}", e.getMessage());
                return CommandResult.REQUEUED;
            }
            return failed(run, e.failure());
        } catch (RequeueException | LeaseLostException | BrokerUnavailableException e) {
            // Progress so far is safe (steps converge); another delivery resumes it.
            LOG.info("Handing the command back: {}", e.getMessage());
            return CommandResult.REQUEUED;
        } catch (RuntimeException e) {
            if (shutdown.isStopping()) {
                LOG.info("Stopping; handing back {} of store {}: {}", command.type(), command.storeId(), e.toString());
                return CommandResult.REQUEUED;
            }
            LOG.error("{} of store {} failed unexpectedly", command.type(), command.storeId(), e);
            StepName step = run.currentStep();
            if (command.type() == CommandType.TEARDOWN || command.type() == CommandType.DOMAINS) {
                run.report(StoreEventType.WARNING, step, step + " failed: " + e + "; "
                        + (command.type() == CommandType.TEARDOWN ? "teardown" : "it") + " will be retried");
                return CommandResult.REQUEUED;
            }
            return failed(run, StoreFailure.unexpected(step.id(), e, java.time.Instant.now()));
        }
    }

    private CommandResult park(CommandRun run, FlowOutcome.Park park, Origin origin) {
        StoreCommand parked = run.command().resumingAt(park.resumeAt());
        traces.parked(parked.storeId(), ReadinessCheck.deadlineOf(run));
        // First park at this step: a new command, or a wake-up that got past the wait it parked at.
        boolean firstPark = !park.resumeAt().id().equals(run.command().resumeAt());
        boolean report = waiting.parked(parked, park.waitingFor(), ReadinessCheck.deadlineOf(run), firstPark);
        List<StoreEvent> events = report ? List.of(StoreEvent.of(run.store().id(), run.command().generation(),
                StoreEventType.WAITING, park.resumeAt(), "waiting for " + park.waitingFor())) : List.of();
        // A watch wake-up leaves the store's durable wake-up, still on its way, in charge of the chain.
        List<io.storeorchestrator.common.messaging.OutgoingMessage> wakeUp = origin == Origin.QUEUE
                ? List.of(wakeUps.message(parked, config.recheckInterval())) : List.of();
        if (!events.isEmpty() || !wakeUp.isEmpty()) {
            run.reportAll(events, wakeUp);
        }
        return CommandResult.PARKED;
    }

    /**
     * The catalog no longer offers the command's plan, version or template (it changed after the API accepted the request): an
     * update rolls back to its fallback, anything else fails.
     */
    private CommandResult unknownChoice(StoreCommand command, UnknownChoiceException e) {
        StepName step = command.type() == CommandType.UPDATE ? StepName.UPDATE : StepName.PROVISION;
        String reason = switch (e.kind()) {
            case PLAN -> "InvalidPlan";
            case VERSION -> "InvalidVersion";
            case TEMPLATE -> "InvalidTemplate";
        };
        StoreFailure failure = new StoreFailure(step.id(), reason, e.getMessage(), java.time.Instant.now());
        if (command.type() == CommandType.BACKUP) {
            events.report(BackupFlow.failedWithoutRun(command, failure)); // the backup fails, not the store
            return CommandResult.FAILED;
        }
        return failedCommands.end(command, failure);
    }

    /** FAILED, or for an update with a fallback, ROLLING_BACK and its rollback ({@link RollbackDecision}). */
    private CommandResult failed(CommandRun run, StoreFailure failure) {
        if (run.command().type() == CommandType.BACKUP) {
            return backupFlow.failed(run, failure); // the backup fails, not the store
        }
        return failedCommands.end(run, failure);
    }

    private CommandResult stopped(CommandRun run, CommandStoppedException e) {
        return switch (e.decision()) {
            case SUPERSEDED -> {
                if (run.command().type() == CommandType.BACKUP) {
                    // A backup is not superseded by intents; only a store that failed or is being deleted stops it.
                    backupFlow.failed(run, new StoreFailure(e.step().id(), "StoreNotLive",
                            "the store is no longer backed up: " + e.getMessage(), java.time.Instant.now()));
                    yield CommandResult.SUPERSEDED;
                }
                run.report(StoreEventType.SUPERSEDED, e.step(), "stopped at " + e.step()
                        + ": a newer request replaced generation " + run.command().generation() + " (" + e.getMessage() + ")");
                yield CommandResult.SUPERSEDED;
            }
            case UNKNOWN_STORE -> stoppedWithoutLease(run.command(), FenceDecision.UNKNOWN_STORE);
            default -> CommandResult.ALREADY_DONE;
        };
    }

    private CommandResult stoppedWithoutLease(StoreCommand command, FenceDecision decision) {
        return switch (decision) {
            case UNKNOWN_STORE -> {
                LOG.warn("{} command {} is for an unknown store; nothing to do", command.type(), command.commandId());
                yield CommandResult.UNKNOWN_STORE;
            }
            case SUPERSEDED -> CommandResult.SUPERSEDED;
            default -> CommandResult.ALREADY_DONE;
        };
    }

    /**
     * The broker delivered this command {@value Topology#COMMAND_DELIVERY_LIMIT} times and no worker finished it
     * (each one stopped or died holding it): fail the store (roll an update back), so it does not sit PROVISIONING
     * or UPDATING until its deadline, and dead-letter the command for a person to look at.
     */
    private CommandResult giveUp(StoreCommand command, long deliveryCount) {
        String message = "gave up after " + deliveryCount + " deliveries: every worker that took the command stopped or"
                + " crashed before finishing it";
        LOG.error("{} command {} of store {}: {}", command.type(), command.commandId(), command.storeId(), message);
        if (command.type() == CommandType.TEARDOWN) {
            events.report(List.of(StoreEvent.of(command.storeId(), command.generation(), StoreEventType.WARNING,
                    StepName.TEARDOWN, message + "; the reaper re-sends stuck teardowns")));
        } else if (command.type() == CommandType.DOMAINS) {
            // Custom domains never fail their store; the next DOMAINS command or provisioning applies them.
            events.report(List.of(StoreEvent.of(command.storeId(), command.generation(), StoreEventType.WARNING,
                    StepName.DOMAINS, message)));
        } else if (command.type() == CommandType.BACKUP) {
            events.report(BackupFlow.failedWithoutRun(command, new StoreFailure(StepName.DELIVERY.id(),
                    StoreFailure.DELIVERY_LIMIT_REACHED, message, java.time.Instant.now())));
        } else {
            metrics.rollback(failedCommands.end(command, new StoreFailure(StepName.DELIVERY.id(),
                    StoreFailure.DELIVERY_LIMIT_REACHED, message, java.time.Instant.now())));
        }
        metrics.finished(command.type(), CommandResult.DEAD_LETTERED);
        metrics.deadLettered();
        return CommandResult.DEAD_LETTERED;
    }
}
