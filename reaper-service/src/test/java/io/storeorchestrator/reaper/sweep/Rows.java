package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.naming.StoreNames;
import io.storeorchestrator.reaper.store.StoreRow;

import java.time.Instant;
import java.util.UUID;

/** Store rows for the policy tests. */
final class Rows {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private Rows() {
    }

    static StoreRow store(StoreStatus status, long generation, Instant deadlineAt, Instant updatedAt) {
        UUID id = UUID.randomUUID();
        return new StoreRow(id, "shop", "woocommerce", status, StoreNames.namespaceFor(id), "shop.localtest.me",
                generation, deadlineAt, NOW.minusSeconds(3600), updatedAt);
    }
}
