package io.storeorchestrator.worker.fencing;

import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;

import java.util.Optional;

/**
 * Whether a command may take its next step, decided from the store's row alone. A command is only ever wanted for
 * the generation it was issued for: a retry or a delete bumps the generation and so stops it.
 */
public enum FenceDecision {
    /** The command is still the store's current intent. */
    PROCEED,
    /** A newer intent (retry, delete) replaced it: report SUPERSEDED and stop. */
    SUPERSEDED,
    /** The store already reached where this command leads (a duplicate delivery): stop quietly. */
    ALREADY_DONE,
    /** No such store: nothing to do. */
    UNKNOWN_STORE;

    /**
     * The decision for {@code command}. A re-provision (a PROVISION sent to resume at the {@code reprovision} step, by
     * the drift check that found a READY store's namespace gone) also proceeds while the store is still READY: its
     * REPROVISIONING event, which moves the store to PROVISIONING, may not have been applied yet when it arrives.
     */
    public static FenceDecision decide(StoreCommand command, Optional<StoreRow> row) {
        if (reprovisions(command) && row.isPresent() && row.get().generation() == command.generation()
                && row.get().status() == StoreStatus.READY) {
            return PROCEED;
        }
        return decide(command.type(), command.generation(), row);
    }

    /** Whether {@code command} provisions again a READY store whose namespace vanished. */
    public static boolean reprovisions(StoreCommand command) {
        return command.type() == CommandType.PROVISION
                && command.resumeStep().filter(step -> step == StepName.REPROVISION).isPresent();
    }

    /**
     * Custom domains (issue 11): a DOMAINS command converges the store's domain objects to what {@code store_domains}
     * says when it runs, so any generation will do. It proceeds while the store is live and not FAILED (a FAILED
     * store gets its hosts from its retry's provisioning, which reads them too); for a QUEUED one the worker waits
     * until its provisioning has started ({@code CommandProcessor}), since a provisioning that read the hosts before
     * the domain was verified may already be under way while the API still says QUEUED.
     */
    static FenceDecision domains(Optional<StoreRow> row) {
        if (row.isEmpty()) {
            return UNKNOWN_STORE;
        }
        return switch (row.get().status()) {
            case QUEUED, PROVISIONING, READY, UPDATING, RESTORING -> PROCEED;
            // Nothing to say in the timeline: the teardown removes everything, a retry applies the hosts.
            case FAILED, DELETING, DELETED -> ALREADY_DONE;
        };
    }

    /**
     * A backup changes nothing the store's intents are about (no status, no object it serves with), so no newer
     * intent supersedes it: it runs while the store is live and not being deleted, whatever the generation. A store
     * that failed or is being deleted has no backup taken any more.
     */
    static FenceDecision decideBackup(Optional<StoreRow> row) {
        if (row.isEmpty()) {
            return UNKNOWN_STORE;
        }
        return switch (row.get().status()) {
            case READY, UPDATING, RESTORING, PROVISIONING, QUEUED -> PROCEED;
            case FAILED, DELETING, DELETED -> SUPERSEDED;
        };
    }

    public static FenceDecision decide(CommandType type, long commandGeneration, Optional<StoreRow> row) {
        if (type == CommandType.DOMAINS) {
            return domains(row);
        }
        if (type == CommandType.BACKUP) {
            return decideBackup(row);
        }
        if (row.isEmpty()) {
            return UNKNOWN_STORE;
        }
        StoreRow store = row.get();
        if (store.generation() != commandGeneration) {
            return SUPERSEDED;
        }
        return switch (type) {
            case PROVISION -> switch (store.status()) {
                case QUEUED, PROVISIONING -> PROCEED;
                case READY, FAILED -> ALREADY_DONE;
                case UPDATING, RESTORING, DELETING, DELETED -> SUPERSEDED;
            };
            case UPDATE -> switch (store.status()) {
                case UPDATING -> PROCEED;
                case READY, FAILED -> ALREADY_DONE;
                case QUEUED, PROVISIONING, RESTORING, DELETING, DELETED -> SUPERSEDED;
            };
            case DOMAINS -> domains(row); // decided above, whatever the generation
            case TEARDOWN -> switch (store.status()) {
                case DELETING -> PROCEED;
                case DELETED -> ALREADY_DONE;
                // Same generation but not deleting: the delete never happened; nothing to tear down.
                case QUEUED, PROVISIONING, READY, UPDATING, RESTORING, FAILED -> SUPERSEDED;
            };
            // Backups and restore (issue 11)
            case BACKUP -> decideBackup(row);
            case RESTORE -> switch (store.status()) {
                case RESTORING -> PROCEED;
                case READY, FAILED -> ALREADY_DONE;
                case QUEUED, PROVISIONING, UPDATING, DELETING, DELETED -> SUPERSEDED;
            };
        };
    }
}
