package io.storeorchestrator.api.backup;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code store_backups} (V10). */
public record BackupRow(UUID id, UUID storeId, BackupKind kind, BackupStatus status, String engine, String version,
                        @Nullable Long sizeBytes, @Nullable String reason, Instant createdAt,
                        @Nullable Instant finishedAt) {

    /** A backup whose Job is about to be created. */
    static BackupRow running(UUID storeId, BackupKind kind, String engine, String version, Instant now) {
        return new BackupRow(UUID.randomUUID(), storeId, kind, BackupStatus.RUNNING, engine, version, null, null, now,
                null);
    }
}
