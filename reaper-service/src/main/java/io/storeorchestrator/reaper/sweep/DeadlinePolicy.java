package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.time.Durations;
import io.storeorchestrator.reaper.store.StoreRow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Pure decisions of the deadline sweep: which stores are overdue, and the FAILED event that says so. */
public final class DeadlinePolicy {

    public static final String STEP = StepName.DEADLINE.id();

    private DeadlinePolicy() {
    }

    /** Provisioning work may still be in flight, and the deadline plus the grace has passed. */
    public static boolean isOverdue(StoreRow store, Instant now, Duration grace) {
        return store.status().isProvisioning()
                && store.deadlineAt() != null
                && store.deadlineAt().plus(grace).isBefore(now);
    }

    /**
     * Whether to (re)publish FAILED now: not if it was already published for this generation less than
     * {@code resendAfter} ago (the API may simply not have applied it yet).
     */
    public static boolean shouldPublish(StoreRow store, Instant now, Duration grace, Optional<Instant> lastSent,
                                        Duration resendAfter) {
        return isOverdue(store, now, grace)
                && lastSent.map(at -> !at.plus(resendAfter).isAfter(now)).orElse(true);
    }

    /** The FAILED event for the store's current generation; its message becomes the store's status reason. */
    public static StoreEvent failure(StoreRow store, Instant now) {
        String message = "not ready by its provisioning deadline " + store.deadlineAt()
                + " (" + Durations.human(Duration.between(store.deadlineAt(), now)) + " late, "
                + Durations.human(Duration.between(store.createdAt(), now)) + " after the store was created); "
                + "retry the store, or delete it and check the activity log for the step that stalled";
        return StoreEvent.failed(store.id(), store.generation(),
                new StoreFailure(StepName.DEADLINE.id(), StoreFailure.DEADLINE_EXCEEDED, message, now));
    }
}
