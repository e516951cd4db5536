package io.storeorchestrator.api.http;

import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.store.AuditEntry;
import io.storeorchestrator.api.store.TimelineEntry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Response bodies other than a single store. */
public final class Views {

    private Views() {
    }

    /** {@code GET /api/v1/stores}: one page, newest first. */
    public record StorePage(List<StoreView> items, @Nullable String nextCursor) {
    }

    /** {@code GET /api/v1/stores/{id}/events}: the timeline, oldest first. */
    public record EventList(List<EventView> items) {
    }

    /**
     * @param reason     FAILED entries: the machine-readable cause
     * @param durationMs entries that end a step: how long the step took
     */
    public record EventView(Instant time, String step, String type, String message, long generation,
                            @Nullable String reason, @Nullable Long durationMs) {
        static EventView of(TimelineEntry entry) {
            return new EventView(entry.occurredAt(), entry.step(), entry.type(), entry.message(), entry.generation(),
                    entry.reason(), entry.durationMs());
        }
    }

    /** {@code GET /api/v1/audit}: newest first. */
    public record AuditList(List<AuditView> items) {
    }

    /**
     * @param tenantId the tenant the row concerns (its store's, or the one whose keys changed); null for the
     *                 platform's own stores
     * @param actor    the credential ({@code key:<key id>}, {@code key:bootstrap}, {@code jwt:<subject>}), followed
     *                 by the X-Actor it declared, if any; {@code system} for status changes the workers reported
     */
    public record AuditView(Instant time, String action, @Nullable UUID storeId, @Nullable String storeName,
                            @Nullable UUID tenantId, String actor, @Nullable String sourceIp, @Nullable String detail) {
        static AuditView of(AuditEntry entry) {
            return new AuditView(entry.occurredAt(), entry.action(), entry.storeId(), entry.storeName(),
                    entry.tenantId(), entry.actor(), entry.sourceIp(), entry.detail());
        }
    }
}
