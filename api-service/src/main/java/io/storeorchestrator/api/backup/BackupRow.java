package io.storeorchestrator.api.backup;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code store_backups} (V10). */
public record BackupRow(UUID id, UUID storeId, BackupKind kind, BackupStatus status, String engine, String version,
                        @Nullable Long sizeBytes, @Nullable String reason, Instant createdAt,
                        @Nullable Instant finishedAt) {

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** A backup whose Job is about to be created. */
    static BackupRow running(UUID storeId, BackupKind kind, String engine, String version, Instant now) {
        return new BackupRow(timeOrderedId(now), storeId, kind, BackupStatus.RUNNING, engine, version, null, null, now,
                null);
    }

    /**
     * A UUID version 7 (RFC 9562): the millisecond it was made, then random bits. Backup ids sort as they were made,
     * which is how retention tells the newer of two backups whose objects object storage dates to the same second.
     */
    static UUID timeOrderedId(Instant at) {
        long millis = at.toEpochMilli();
        long mostSignificant = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long leastSignificant = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
