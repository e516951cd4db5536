package io.storeorchestrator.api.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code audit_log}: who did what to which store, when. */
@MappedEntity("audit_log")
public record AuditEntry(
        @Id @GeneratedValue @Nullable Long id,
        @Nullable UUID storeId,
        @Nullable String storeName,
        String action,
        String actor,
        @Nullable String sourceIp,
        @Nullable String detail,
        Instant occurredAt) {

    public static final String STORE_CREATED = "STORE_CREATED";
    public static final String STORE_DELETE_REQUESTED = "STORE_DELETE_REQUESTED";
    public static final String STORE_RETRY_REQUESTED = "STORE_RETRY_REQUESTED";
    public static final String STORE_UPDATE_REQUESTED = "STORE_UPDATE_REQUESTED";
    public static final String STORE_ROLLBACK_REQUESTED = "STORE_ROLLBACK_REQUESTED";
    public static final String STATUS_CHANGED = "STATUS_CHANGED";

    public static AuditEntry of(StoreRow store, String action, Origin origin, String detail, Instant at) {
        return new AuditEntry(null, store.id(), store.name(), action, origin.actor(), origin.sourceIp(), detail, at);
    }
}
