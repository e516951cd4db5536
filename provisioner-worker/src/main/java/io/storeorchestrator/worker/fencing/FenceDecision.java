package io.storeorchestrator.worker.fencing;

import io.storeorchestrator.common.messaging.CommandType;

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

    public static FenceDecision decide(CommandType type, long commandGeneration, Optional<StoreRow> row) {
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
                case UPDATING, DELETING, DELETED -> SUPERSEDED;
            };
            case UPDATE -> switch (store.status()) {
                case UPDATING -> PROCEED;
                case READY, FAILED -> ALREADY_DONE;
                case QUEUED, PROVISIONING, DELETING, DELETED -> SUPERSEDED;
            };
            case TEARDOWN -> switch (store.status()) {
                case DELETING -> PROCEED;
                case DELETED -> ALREADY_DONE;
                // Same generation but not deleting: the delete never happened; nothing to tear down.
                case QUEUED, PROVISIONING, READY, UPDATING, FAILED -> SUPERSEDED;
            };
        };
    }
}
