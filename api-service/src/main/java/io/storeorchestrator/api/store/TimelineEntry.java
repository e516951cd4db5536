package io.storeorchestrator.api.store;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code store_events}: an entry in a store's timeline. */
public record TimelineEntry(UUID id, UUID storeId, long generation, String type, String step, String message,
                            Instant occurredAt) {
}
