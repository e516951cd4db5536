package io.storeorchestrator.api.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code audit_log}: who did what to which store, when. {@code tenantId} is the tenant the row concerns
 * (the store's, or the one whose keys changed), so a tenant's key reads only its own rows.
 */
@MappedEntity("audit_log")
public record AuditEntry(
        @Id @GeneratedValue @Nullable Long id,
        @Nullable UUID storeId,
        @Nullable String storeName,
        String action,
        String actor,
        @Nullable String sourceIp,
        @Nullable String detail,
        Instant occurredAt,
        @Nullable UUID tenantId) {

    public static final String STORE_CREATED = "STORE_CREATED";
    public static final String STORE_DELETE_REQUESTED = "STORE_DELETE_REQUESTED";
    public static final String STORE_RETRY_REQUESTED = "STORE_RETRY_REQUESTED";
    public static final String STORE_UPDATE_REQUESTED = "STORE_UPDATE_REQUESTED";
    public static final String STORE_ROLLBACK_REQUESTED = "STORE_ROLLBACK_REQUESTED";
    public static final String STATUS_CHANGED = "STATUS_CHANGED";
    public static final String STORE_EXPIRY_CHANGED = "STORE_EXPIRY_CHANGED";
    /** A DELETED store's rows were purged at the reaper's request (REAPER_DELETED_RETENTION). */
    public static final String STORE_PURGED = "STORE_PURGED";
    public static final String TENANT_CREATED = "TENANT_CREATED";
    public static final String TENANT_DELETED = "TENANT_DELETED";
    public static final String KEY_CREATED = "KEY_CREATED";
    public static final String KEY_REVOKED = "KEY_REVOKED";

    public static AuditEntry of(StoreRow store, String action, Origin origin, String detail, Instant at) {
        return new AuditEntry(null, store.id(), store.name(), action, origin.actor(), origin.sourceIp(), detail, at,
                store.tenantId());
    }

    /** A row about a tenant and its keys rather than a store. */
    public static AuditEntry ofTenant(UUID tenantId, String action, Origin origin, String detail, Instant at) {
        return new AuditEntry(null, null, null, action, origin.actor(), origin.sourceIp(), detail, at, tenantId);
    }
}
