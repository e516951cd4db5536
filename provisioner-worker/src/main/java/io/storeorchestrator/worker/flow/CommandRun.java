package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.fencing.FenceDecision;
import io.storeorchestrator.worker.fencing.LeaseLostException;
import io.storeorchestrator.worker.fencing.StoreLease;
import io.storeorchestrator.worker.fencing.StoreRow;
import io.storeorchestrator.worker.kube.RetryListener;
import io.storeorchestrator.worker.model.StoreSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * One delivery of a command being carried out under its store's lease: what flows and steps share. Every fence check
 * renews the lease, so a command that stalls past the lease's duration stops at its next step.
 */
public final class CommandRun {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRun.class);

    private final StoreCommand command;
    private final StoreSpec store;
    private final StoreLease lease;
    private final EventReporter events;
    private final ShutdownSignal shutdown;
    private volatile boolean namespaceCreated;
    private volatile StepName currentStep;
    /** The row read with the lease; the first fence check uses it instead of asking again a moment later. */
    private volatile StoreRow leasedRow;
    private final List<StoreEvent> deferred = new java.util.ArrayList<>();
    private volatile java.util.Set<String> domainsAwaitingActivation = java.util.Set.of();

    /** @param leasedRow the store's row as read when the lease was taken, or null to read it at the first check */
    public CommandRun(StoreCommand command, StoreSpec store, StoreLease lease, StoreRow leasedRow,
                      EventReporter events, ShutdownSignal shutdown) {
        this.leasedRow = leasedRow;
        this.command = command;
        this.store = store;
        this.lease = lease;
        this.events = events;
        this.shutdown = shutdown;
        this.currentStep = switch (command.type()) {
            case PROVISION -> StepName.PROVISION;
            case UPDATE -> command.rollbackOf() != null ? StepName.ROLLBACK : StepName.UPDATE;
            case DOMAINS -> StepName.DOMAINS;
            case TEARDOWN -> StepName.TEARDOWN;
            case BACKUP -> StepName.BACKUP;
            case RESTORE -> StepName.RESTORE;
        };
    }

    /** The step the run last reached (its last fence check): where an unexpected failure is reported. */
    public StepName currentStep() {
        return currentStep;
    }

    public StoreCommand command() {
        return command;
    }

    public StoreSpec store() {
        return store;
    }

    /** True once this run created the namespace: nothing can exist in it yet, so applies skip their read. */
    public boolean namespaceCreated() {
        return namespaceCreated;
    }

    void namespaceWasCreated() {
        namespaceCreated = true;
    }

    /**
     * Stops the command unless it is still the store's current intent and the worker is not stopping.
     *
     * @throws CommandStoppedException when superseded, already done, or the store is unknown
     * @throws RequeueException        when the worker is stopping
     */
    public void checkFence(StepName step) {
        currentStep = step;
        if (shutdown.isStopping()) {
            throw new RequeueException("worker stopping before " + step);
        }
        StoreRow justRead = leasedRow;
        leasedRow = null;
        Optional<StoreRow> row = justRead != null ? Optional.of(justRead) : renewThroughOutages();
        FenceDecision decision = FenceDecision.decide(command, row);
        if (decision != FenceDecision.PROCEED) {
            String detail = row.map(r -> "store is " + r.status() + " at generation " + r.generation())
                    .orElse("store not found");
            throw new CommandStoppedException(decision, step, detail);
        }
    }

    /**
     * Extends the lease while a long step runs.
     *
     * @throws io.storeorchestrator.worker.fencing.LeaseLostException when it is no longer ours
     */
    void renewLease() {
        renewThroughOutages();
    }

    /**
     * Renews the lease, waiting through a PostgreSQL outage: handing the command back instead would count against
     * its delivery limit. Once PostgreSQL answers, the renewal says whether the lease is still ours.
     */
    private Optional<StoreRow> renewThroughOutages() {
        long waitMillis = 200;
        boolean logged = false;
        while (true) {
            try {
                return lease.renewAndRead();
            } catch (LeaseLostException e) {
                if (!e.databaseUnavailable() || shutdown.isStopping()) {
                    throw e;
                }
                if (!logged) {
                    LOG.warn("PostgreSQL unavailable at {}; holding the command until it returns: {}", currentStep,
                            e.getMessage());
                    logged = true;
                }
                if (!shutdown.pause(java.time.Duration.ofMillis(waitMillis))) {
                    throw e;
                }
                waitMillis = Math.min(waitMillis * 2, 2000);
            }
        }
    }

    /** Ends the run handing the store's lease to {@code next} (see {@link StoreLease#handOver}). */
    void handLeaseTo(StoreCommand next) {
        lease.handOver(next.commandId());
    }

    public void report(StoreEventType type, StepName step, String message) {
        reportAll(List.of(StoreEvent.of(store.id(), command.generation(), type, step, message)));
    }

    /** Holds an event back to go out, in order, with the next report: it saves a confirm round trip. */
    public void defer(StoreEventType type, StepName step, String message) {
        synchronized (deferred) {
            deferred.add(StoreEvent.of(store.id(), command.generation(), type, step, message));
        }
    }

    /** Holds {@code event} back to go out with the next report (a custom domain's DOMAIN_ACTIVE after its step). */
    public void defer(StoreEvent event) {
        synchronized (deferred) {
            deferred.add(event);
        }
    }

    /**
     * Custom domains (issue 11): the hosts this run serves that no worker has reported served yet (VERIFIED), as read
     * with the lease; the step that applies them reports each DOMAIN_ACTIVE.
     */
    public java.util.Set<String> domainsAwaitingActivation() {
        return domainsAwaitingActivation;
    }

    void awaitActivation(java.util.Set<String> hosts) {
        domainsAwaitingActivation = java.util.Set.copyOf(hosts);
    }

    /** Sends several events with one broker round trip, after any held back. */
    public void reportAll(List<StoreEvent> batch) {
        reportAll(batch, List.of());
    }

    /**
     * Sends the events, and {@code alongside} (a parked command's wake-up, say), under one confirm: the caller knows
     * all of them reached the broker, or none is known to. Each event is about the revision the command applies, when
     * it names one (older producers do not).
     */
    public void reportAll(List<StoreEvent> batch, List<OutgoingMessage> alongside) {
        List<StoreEvent> all;
        synchronized (deferred) {
            all = new java.util.ArrayList<>(deferred);
            all.addAll(batch);
            deferred.clear();
        }
        events.report(all.stream().map(this::aboutRevision).toList(), alongside);
    }

    /** The event, about the command's revision unless it names one already. */
    StoreEvent aboutRevision(StoreEvent event) {
        return event.revision() == null && command.revision() != null
                ? event.aboutRevision(command.revision()) : event;
    }

    /** Puts each retried Kubernetes error of {@code step} on the timeline; a lost warning is only logged. */
    public RetryListener retryWarnings(StepName step) {
        return (what, attempt, failure, wait) -> {
            String message = step + ": " + what + " failed (" + failure.reason() + ": " + failure.message()
                    + "), retry " + attempt + " in " + wait.toMillis() + "ms";
            try {
                report(StoreEventType.WARNING, step, message);
            } catch (RuntimeException e) {
                LOG.warn("{} (warning event not sent: {})", message, e.getMessage());
            }
        };
    }
}
