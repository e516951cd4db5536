package io.storeorchestrator.api.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code stores}. Immutable: every change is a new row value written with {@link StoreRepository#update}. */
@MappedEntity("stores")
public record StoreRow(
        @Id UUID id,
        String name,
        String engine,
        StoreStatus status,
        @Nullable String statusReason,
        String namespace,
        String host,
        long generation,
        @Nullable Instant deadlineAt,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant readyAt,
        @Nullable Instant deletedAt) {

    public Engine engineType() {
        return Engine.fromId(engine).orElseThrow(() -> new IllegalStateException("unknown engine in database: " + engine));
    }

    /** A new intent (delete, retry): a new generation, so the workers drop whatever the previous one was doing. */
    public StoreRow withIntent(StoreStatus next, @Nullable Instant deadline, Instant now) {
        return new StoreRow(id, name, engine, next, null, namespace, host, generation + 1, deadline, createdAt, now,
                readyAt, deletedAt);
    }

    /** The status change a worker or the reaper reported for the current generation. */
    public StoreRow withReportedStatus(StoreStatus next, String reason, Instant now) {
        return switch (next) {
            case FAILED -> new StoreRow(id, name, engine, next, reason, namespace, host, generation, deadlineAt,
                    createdAt, now, readyAt, deletedAt);
            case READY -> new StoreRow(id, name, engine, next, null, namespace, host, generation, null, createdAt, now,
                    now, deletedAt);
            case DELETED -> new StoreRow(id, name, engine, next, null, namespace, host, generation, null, createdAt, now,
                    readyAt, now);
            default -> new StoreRow(id, name, engine, next, statusReason, namespace, host, generation, deadlineAt,
                    createdAt, now, readyAt, deletedAt);
        };
    }

    public static Instant deadlineFrom(Instant now, Duration timeout) {
        return now.plus(timeout);
    }
}
