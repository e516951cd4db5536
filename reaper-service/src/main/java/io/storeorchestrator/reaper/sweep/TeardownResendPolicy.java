package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.time.Durations;
import io.storeorchestrator.reaper.store.StoreRow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Pure decisions of the stuck-deletion sweep: when to re-send a TEARDOWN, and what to send. */
public final class TeardownResendPolicy {

    public static final String STEP = StepName.TEARDOWN_RESEND.id();

    private TeardownResendPolicy() {
    }

    /**
     * A DELETING store unchanged for {@code stuckAfter} gets its teardown re-sent, at most once per {@code stuckAfter}
     * per generation (a teardown of a big namespace may legitimately take a while).
     */
    public static boolean shouldResend(StoreRow store, Instant now, Duration stuckAfter, Optional<Instant> lastSent) {
        Instant cutoff = now.minus(stuckAfter);
        return store.status() == StoreStatus.DELETING
                && store.updatedAt().isBefore(cutoff)
                && lastSent.map(at -> !at.isAfter(cutoff)).orElse(true);
    }

    /** The TEARDOWN command for the store's current generation, or empty if its engine is unknown to this build. */
    public static Optional<StoreCommand> teardown(StoreRow store, Instant now) {
        return Engine.fromId(store.engine()).map(engine -> new StoreCommand(UUID.randomUUID(), CommandType.TEARDOWN,
                store.id(), store.name(), engine, store.generation(), store.namespace(), store.host(), null, now, null));
    }

    /** The timeline entry that tells people why a second teardown shows up. */
    public static StoreEvent warning(StoreRow store, Instant now) {
        String message = "teardown re-sent by the reaper: the store has been DELETING for "
                + Durations.human(Duration.between(store.updatedAt(), now)) + " without progress";
        return new StoreEvent(UUID.randomUUID(), store.id(), store.generation(), StoreEventType.WARNING, STEP,
                message, now, null, null);
    }
}
