package io.storeorchestrator.reaper.store;

import io.storeorchestrator.common.domain.StoreStatus;

import java.time.Instant;
import java.util.UUID;

/**
 * The columns of a store row the reaper decides on.
 *
 * @param deadlineAt      when the current provisioning attempt must have finished; null outside QUEUED/PROVISIONING
 * @param updatedAt       when the API last changed the row (for DELETING: when the delete was accepted or progressed)
 * @param plan            the plan it runs (for a re-provisioning); null when not read
 * @param version         the engine version it runs; null when not read
 * @param revision        the revision it runs; null when not read
 * @param tenantId        the tenant that owns it; null for the platform's own stores
 * @param expiresAt       when it expires; null: never
 * @param expiryNoticedAt when its EXPIRING notice was applied; null: never
 * @param failedAt        when it FAILED (null outside FAILED, and for rows older than failures as data)
 * @param deletedAt       when it became DELETED
 * @param template        the catalog template it was created from (a re-provisioning installs it again); null: none
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
        Instant updatedAt,
        String plan,
        String version,
        Integer revision,
        UUID tenantId,
        Instant expiresAt,
        Instant expiryNoticedAt,
        Instant failedAt,
        Instant deletedAt,
        String template) {

    /** A row with what the deadline and stuck-deletion sweeps read. */
    public StoreRow(UUID id, String name, String engine, StoreStatus status, String namespace, String host,
                    long generation, Instant deadlineAt, Instant createdAt, Instant updatedAt) {
        this(id, name, engine, status, namespace, host, generation, deadlineAt, createdAt, updatedAt, null, null, null,
                null, null, null, null, null, null);
    }

    /** This row expiring at {@code at}, its notice applied at {@code noticedAt} (null: none yet). */
    public StoreRow withExpiry(Instant at, Instant noticedAt) {
        return new StoreRow(id, name, engine, status, namespace, host, generation, deadlineAt, createdAt, updatedAt,
                plan, version, revision, tenantId, at, noticedAt, failedAt, deletedAt, template);
    }

    /** This row FAILED at {@code failed} and DELETED at {@code deleted} (either may be null). */
    public StoreRow withEnds(Instant failed, Instant deleted) {
        return new StoreRow(id, name, engine, status, namespace, host, generation, deadlineAt, createdAt, updatedAt,
                plan, version, revision, tenantId, expiresAt, expiryNoticedAt, failed, deleted, template);
    }

    /** When it became FAILED: {@code failedAt}, or, for rows from before that column, its last change. */
    public Instant failedSince() {
        return failedAt != null ? failedAt : updatedAt;
    }

    /** When it became DELETED: {@code deletedAt}, or its last change. */
    public Instant deletedSince() {
        return deletedAt != null ? deletedAt : updatedAt;
    }
}
