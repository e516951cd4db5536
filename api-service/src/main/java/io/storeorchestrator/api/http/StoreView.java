package io.storeorchestrator.api.http;

import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.store.StoreRow;
import io.storeorchestrator.common.domain.StoreStatus;

import java.time.Instant;
import java.util.UUID;

/** A store as the API shows it. Never carries a secret. */
public record StoreView(
        UUID id,
        String name,
        String engine,
        StoreStatus status,
        @Nullable String statusReason,
        String url,
        String namespace,
        long generation,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant readyAt) {

    public static StoreView of(StoreRow row, ApiConfig config) {
        return new StoreView(row.id(), row.name(), row.engine(), row.status(), row.statusReason(),
                config.storeUrlScheme() + "://" + row.host(), row.namespace(), row.generation(), row.createdAt(),
                row.updatedAt(), row.readyAt());
    }
}
