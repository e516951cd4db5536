package io.storeorchestrator.common.messaging;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Progress reported by a worker or the reaper; the API applies it to the store and its timeline. Schema version 1.
 * Applying the same event twice is harmless: it is keyed by {@code eventId}.
 *
 * @param eventId    unique per event; redeliveries keep it
 * @param storeId    the store it is about
 * @param generation the generation of the command that produced it; status moves from older generations are ignored
 * @param type       what happened
 * @param step       the provisioning step it belongs to ({@code namespace}, {@code wait-ready}, ...)
 * @param message    what a person reads in the timeline; for FAILED, the reason shown on the store
 * @param occurredAt when it happened
 */
public record StoreEvent(
        UUID eventId,
        UUID storeId,
        long generation,
        StoreEventType type,
        String step,
        String message,
        Instant occurredAt) {

    public StoreEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    public static StoreEvent of(UUID storeId, long generation, StoreEventType type, String step, String message) {
        return new StoreEvent(UUID.randomUUID(), storeId, generation, type, step, message, Instant.now());
    }
}
