package io.storeorchestrator.common.messaging;

import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.lifecycle.StepName;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Progress reported by a worker or the reaper; the API applies it to the store and its timeline. Schema version 1
 * (fields added later are optional, and unknown fields are ignored). Applying the same event twice is harmless: it
 * is keyed by {@code eventId}.
 *
 * @param eventId    unique per event; redeliveries keep it
 * @param storeId    the store it is about
 * @param generation the generation of the command that produced it; status moves from older generations are ignored
 * @param type       what happened
 * @param step       the step it belongs to ({@link StepName#id()}: {@code namespace}, {@code wait-ready}, ...)
 * @param message    what a person reads in the timeline
 * @param occurredAt when it happened
 * @param reason     FAILED only: the machine-readable cause ({@link StoreFailure#reason()}); null otherwise
 * @param durationMs how long the step took, when the event ends one; null otherwise
 * @param revision   the store revision the event is about (READY, UPDATE_STARTED, ROLLING_BACK: the one applied or
 *                   failed; ROLLED_BACK: the one restored); null when it is about none
 * @param domain     DOMAIN_* events (custom domains, issue 11): the host the event is about; null otherwise and from
 *                   producers older than custom domains
 * @param backup     BACKUP_SUCCEEDED and BACKUP_FAILED: which backup, and its size once uploaded; null otherwise (and
 *                   from producers older than backups)
 */
public record StoreEvent(
        UUID eventId,
        UUID storeId,
        long generation,
        StoreEventType type,
        String step,
        String message,
        Instant occurredAt,
        String reason,
        Long durationMs,
        Integer revision,
        String domain,
        BackupReport backup) {

    /**
     * What a backup event says of its backup.
     *
     * @param id        the backup ({@code store_backups.id})
     * @param sizeBytes BACKUP_SUCCEEDED: the bytes it holds in object storage; null otherwise
     */
    public record BackupReport(UUID id, Long sizeBytes) {
        public BackupReport {
            Objects.requireNonNull(id, "id");
        }
    }

    public StoreEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** An event about no custom domain and no backup: what producers before either sent, and most events. */
    public StoreEvent(UUID eventId, UUID storeId, long generation, StoreEventType type, String step, String message,
                      Instant occurredAt, String reason, Long durationMs, Integer revision) {
        this(eventId, storeId, generation, type, step, message, occurredAt, reason, durationMs, revision, null, null);
    }

    /** An event about no particular revision: what producers before revisions sent. */
    public StoreEvent(UUID eventId, UUID storeId, long generation, StoreEventType type, String step, String message,
                      Instant occurredAt, String reason, Long durationMs) {
        this(eventId, storeId, generation, type, step, message, occurredAt, reason, durationMs, null);
    }

    /** This event, about {@code revision}. */
    public StoreEvent aboutRevision(int revision) {
        return new StoreEvent(eventId, storeId, generation, type, step, message, occurredAt, reason, durationMs,
                revision, domain, backup);
    }

    /** An event about the custom domain {@code host} (DOMAIN_ACTIVE, DOMAIN_FAILED). */
    public static StoreEvent aboutDomain(UUID storeId, long generation, StoreEventType type, StepName step,
                                         String host, String message, String reason) {
        return new StoreEvent(UUID.randomUUID(), storeId, generation, type, step.id(), message, Instant.now(), reason,
                null, null, host, null);
    }

    public static StoreEvent of(UUID storeId, long generation, StoreEventType type, StepName step, String message) {
        return new StoreEvent(UUID.randomUUID(), storeId, generation, type, step.id(), message, Instant.now(), null,
                null);
    }

    /** A step that finished, with how long it took. */
    public static StoreEvent stepDone(UUID storeId, long generation, StepName step, String message, Duration took) {
        return new StoreEvent(UUID.randomUUID(), storeId, generation, StoreEventType.STEP, step.id(), message,
                Instant.now(), null, took.toMillis());
    }

    /** The FAILED event that carries {@code failure}. */
    public static StoreEvent failed(UUID storeId, long generation, StoreFailure failure) {
        return new StoreEvent(UUID.randomUUID(), storeId, generation, StoreEventType.FAILED, failure.step(),
                failure.message(), failure.at(), failure.reason(), null);
    }

    /**
     * BACKUP_SUCCEEDED or BACKUP_FAILED of {@code backup}. Its id derives from the backup and the outcome: a backup ends
     * once, however many deliveries of its command see it end, and the timeline keeps one entry.
     */
    public static StoreEvent backupEnded(UUID storeId, long generation, StoreEventType type, StepName step,
                                         String message, String reason, BackupReport backup) {
        UUID id = UUID.nameUUIDFromBytes((type + ":" + backup.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new StoreEvent(id, storeId, generation, type, step.id(), message, Instant.now(), reason, null, null,
                null, backup);
    }

    /** The failure a FAILED event reports; events from producers that sent no reason read as {@code Failed}. */
    public StoreFailure failure() {
        return new StoreFailure(step, reason == null || reason.isBlank() ? "Failed" : reason, message, occurredAt);
    }
}
