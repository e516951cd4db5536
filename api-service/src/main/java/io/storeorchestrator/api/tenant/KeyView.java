package io.storeorchestrator.api.tenant;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/** An API key as listed: never the key itself, which exists only in the answer that created it. */
public record KeyView(UUID id, Instant createdAt, @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {

    /** {@code POST /api/v1/tenants/{id}/keys}: the one time the key is shown. */
    public record Created(UUID id, String key, Instant createdAt) {
    }
}
