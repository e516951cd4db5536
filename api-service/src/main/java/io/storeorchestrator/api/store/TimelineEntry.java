package io.storeorchestrator.api.store;

import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.common.messaging.StoreEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code store_events}: an entry in a store's timeline.
 *
 * @param reason     FAILED and ROLLING_BACK entries: the machine-readable cause
 * @param durationMs entries that end a step: how long it took
 * @param revision   the store revision the entry is about, when it is about one
 */
public record TimelineEntry(UUID id, UUID storeId, long generation, String type, String step, String message,
                            Instant occurredAt, @Nullable String reason, @Nullable Long durationMs,
                            @Nullable Integer revision) {

    /** Column widths of {@code store_events.step} and {@code reason}: longer values are cut, not refused. */
    static final int STEP_MAX = 64;
    static final int REASON_MAX = 128;

    public TimelineEntry {
        step = StoreRow.cut(step, STEP_MAX);
        reason = reason == null ? null : StoreRow.cut(reason, REASON_MAX);
    }

    public static TimelineEntry of(StoreEvent event) {
        return new TimelineEntry(event.eventId(), event.storeId(), event.generation(), event.type().name(),
                event.step(), event.message(), event.occurredAt(), event.reason(), event.durationMs(), event.revision());
    }
}
