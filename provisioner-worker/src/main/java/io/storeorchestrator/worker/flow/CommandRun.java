package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.fencing.FenceDecision;
import io.storeorchestrator.worker.fencing.StoreLock;
import io.storeorchestrator.worker.fencing.StoreRow;
import io.storeorchestrator.worker.kube.RetryListener;
import io.storeorchestrator.worker.model.StoreSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * One command being carried out under its store's lock: what flows and steps share. The fence is checked through
 * the lock's own connection, so a lost lock also stops the command.
 */
public final class CommandRun {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRun.class);

    private final StoreCommand command;
    private final StoreSpec store;
    private final StoreLock lock;
    private final EventReporter events;
    private final ShutdownSignal shutdown;

    public CommandRun(StoreCommand command, StoreLock lock, EventReporter events, ShutdownSignal shutdown) {
        this.command = command;
        this.store = StoreSpec.from(command);
        this.lock = lock;
        this.events = events;
        this.shutdown = shutdown;
    }

    public StoreCommand command() {
        return command;
    }

    public StoreSpec store() {
        return store;
    }

    public ShutdownSignal shutdown() {
        return shutdown;
    }

    /**
     * Stops the command unless it is still the store's current intent and the worker is not stopping.
     *
     * @throws CommandStoppedException when superseded, already done, or the store is unknown
     * @throws RequeueException        when the worker is stopping
     */
    public void checkFence(String step) {
        if (shutdown.isStopping()) {
            throw new RequeueException("worker stopping before " + step);
        }
        Optional<StoreRow> row = lock.readStore();
        FenceDecision decision = FenceDecision.decide(command.type(), command.generation(), row);
        if (decision != FenceDecision.PROCEED) {
            String detail = row.map(r -> "store is " + r.status() + " at generation " + r.generation())
                    .orElse("store not found");
            throw new CommandStoppedException(decision, step, detail);
        }
    }

    public void report(StoreEventType type, String step, String message) {
        events.report(new StoreEvent(java.util.UUID.randomUUID(), store.id(), command.generation(), type, step, message,
                java.time.Instant.now(), null, null));
    }

    /** Puts each retried Kubernetes error of {@code step} on the timeline; a lost warning is only logged. */
    public RetryListener retryWarnings(String step) {
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
