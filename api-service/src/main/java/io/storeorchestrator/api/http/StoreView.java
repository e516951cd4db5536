package io.storeorchestrator.api.http;

import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.store.StoreRow;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.domain.StoreStatus;

import java.time.Instant;
import java.util.UUID;

/**
 * A store as the API shows it. Never carries a secret.
 *
 * @param tenantId     the tenant that owns it; null for the platform admin's stores
 * @param plan         the plan it runs
 * @param version      the engine version it runs
 * @param revision     the revision it runs: the last one that became READY (1 until then); an update in flight shows
 *                     in {@code GET .../revisions} until it is READY
 * @param statusReason why it FAILED, in one line ({@code failure} rendered); on a READY store, that an update failed
 *                     and was rolled back; on a PROVISIONING one, why it is provisioned again
 * @param failure      why it FAILED, as data; null unless FAILED
 * @param expiresAt    when the reaper deletes it (its {@code ttl} or {@code expiresAt}); null: never
 * @param template     the catalog template it was created from; null: none
 */
public record StoreView(
        UUID id,
        String name,
        @Nullable UUID tenantId,
        String engine,
        String plan,
        String version,
        int revision,
        StoreStatus status,
        @Nullable String statusReason,
        @Nullable FailureView failure,
        String url,
        String namespace,
        long generation,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant readyAt,
        @Nullable Instant expiresAt,
        @Nullable String template) {

    /** {@code {"step","reason","message","at"}}: the step that failed, a CamelCase reason a program can switch on. */
    public record FailureView(String step, String reason, String message, Instant at) {
    }

    public static StoreView of(StoreRow row, ApiConfig config) {
        StoreFailure failure = row.failure();
        return new StoreView(row.id(), row.name(), row.tenantId(), row.engine(), row.plan(), row.version(), row.revision(),
                row.status(), row.statusReason(),
                failure == null ? null : new FailureView(failure.step(), failure.reason(), failure.message(), failure.at()),
                config.storeUrlScheme() + "://" + row.host(), row.namespace(), row.generation(), row.createdAt(),
                row.updatedAt(), row.readyAt(), row.expiresAt(), row.template());
    }
}
