package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.time.Durations;
import io.storeorchestrator.reaper.store.StoreRow;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Pure decisions of the retention sweep: a store FAILED for longer than REAPER_FAILED_RETENTION is deleted (as a delete
 * request would); one DELETED for longer than REAPER_DELETED_RETENTION has its rows purged.
 */
public final class RetentionPolicy {

    private RetentionPolicy() {
    }

    public static boolean failedTooLong(StoreRow store, Instant now, Duration retention) {
        return store.status() == StoreStatus.FAILED && store.failedSince().plus(retention).isBefore(now);
    }

    public static boolean deletedTooLong(StoreRow store, Instant now, Duration retention) {
        return store.status() == StoreStatus.DELETED && store.deletedSince().plus(retention).isBefore(now);
    }

    /** The API deletes it only if it is still FAILED at this generation: a retry since wins. */
    public static StoreEvent deletion(StoreRow store, Instant now, Duration retention) {
        return new StoreEvent(UUID.randomUUID(), store.id(), store.generation(), StoreEventType.DELETE_REQUESTED,
                StepName.FAILED_RETENTION.id(), "FAILED since " + store.failedSince() + ", longer than "
                + "REAPER_FAILED_RETENTION (" + Durations.human(retention) + "): deleted by the reaper", now, null,
                null);
    }

    /** The API purges it only if it is DELETED. */
    public static StoreEvent purge(StoreRow store, Instant now, Duration retention) {
        return new StoreEvent(UUID.randomUUID(), store.id(), store.generation(), StoreEventType.PURGE_REQUESTED,
                StepName.DELETED_RETENTION.id(), "DELETED since " + store.deletedSince() + ", longer than "
                + "REAPER_DELETED_RETENTION (" + Durations.human(retention) + "): its rows purged at the reaper's "
                + "request", now, null, null);
    }
}
