package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.time.Durations;
import io.storeorchestrator.reaper.store.StoreRow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Pure decisions of the expiry sweep. A store with an {@code expiresAt} gets its EXPIRING notice once the notice period
 * before it has begun, and is deleted once it has expired, never before its notice was applied: a store that expired
 * unnoticed (a reaper that was down, a TTL shorter than the notice period and a sweep in between) gets the notice
 * first and is deleted at the next sweep, so nobody loses a store without it saying so first.
 */
public final class ExpiryPolicy {

    /** What a store is due. */
    public enum Due { NOTHING, NOTICE, DELETION }

    private ExpiryPolicy() {
    }

    public static Due due(StoreRow store, Instant now, Duration notice) {
        Instant expiresAt = store.expiresAt();
        if (expiresAt == null || store.status() == StoreStatus.DELETING || store.status() == StoreStatus.DELETED) {
            return Due.NOTHING;
        }
        boolean noticed = noticed(store, notice);
        if (!now.isBefore(expiresAt)) {
            return noticed ? Due.DELETION : Due.NOTICE;
        }
        if (!now.isBefore(expiresAt.minus(notice))) {
            return noticed ? Due.NOTHING : Due.NOTICE;
        }
        return Due.NOTHING;
    }

    /**
     * Whether the notice applied counts for the current expiry: given at most the notice period before it (the API
     * forgets it when the expiry changes, and one for an earlier expiry applied late is older than that).
     */
    static boolean noticed(StoreRow store, Duration notice) {
        return store.expiryNoticedAt() != null && !store.expiryNoticedAt().isBefore(store.expiresAt().minus(notice));
    }

    /**
     * The notice. Its id derives from the store and the expiry, so however many sweeps or leaders send it, the
     * timeline has it once.
     */
    public static StoreEvent notice(StoreRow store, Instant now) {
        Duration left = Duration.between(now, store.expiresAt());
        String message = "the store expires at " + store.expiresAt()
                + (left.isPositive() ? " (in " + Durations.human(left) + ")" : " (now)")
                + " and is deleted then; extend or clear its expiry (PATCH ttl or expiresAt) to keep it";
        UUID id = UUID.nameUUIDFromBytes(("expiring:" + store.id() + ":" + store.expiresAt())
                .getBytes(StandardCharsets.UTF_8));
        return new StoreEvent(id, store.id(), store.generation(), StoreEventType.EXPIRING, StepName.EXPIRY.id(),
                message, now, null, null);
    }

    /** The request to delete the expired store; the API checks again that it has expired. */
    public static StoreEvent deletion(StoreRow store, Instant now) {
        return new StoreEvent(UUID.randomUUID(), store.id(), store.generation(), StoreEventType.DELETE_REQUESTED,
                StepName.EXPIRY.id(), "expired at " + store.expiresAt() + ": deleted by the reaper", now, null, null);
    }
}
