package io.storeorchestrator.reaper.store;

import io.storeorchestrator.common.domain.StoreStatus;

import java.time.Instant;
import java.util.UUID;

/**
 * The columns of a store row the reaper decides on.
 *
 * @param deadlineAt when the current provisioning attempt must have finished; null outside QUEUED/PROVISIONING
 * @param updatedAt  when the API last changed the row (for DELETING: when the delete was accepted or progressed)
 */
public record StoreRow(
        UUID id,
        String name,
        String engine,
        StoreStatus status,
        String namespace,
        String host,
        long generation,
        Instant deadlineAt,
        Instant createdAt,
        Instant updatedAt) {
}
