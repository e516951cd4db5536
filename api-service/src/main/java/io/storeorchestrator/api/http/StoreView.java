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
 * @param statusReason why it FAILED, in one line ({@code failure} rendered)
 * @param failure      why it FAILED, as data; null unless FAILED
 */
public record StoreView(
        UUID id,
        String name,
        String engine,
        StoreStatus status,
        @Nullable String statusReason,
        @Nullable FailureView failure,
        String url,
        String namespace,
        long generation,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant readyAt) {

    /** {@code {"step","reason","message","at"}}: the step that failed, a CamelCase reason a program can switch on. */
    public record FailureView(String step, String reason, String message, Instant at) {
    }

    public static StoreView of(StoreRow row, ApiConfig config) {
        StoreFailure failure = row.failure();
        return new StoreView(row.id(), row.name(), row.engine(), row.status(), row.statusReason(),
                failure == null ? null : new FailureView(failure.step(), failure.reason(), failure.message(), failure.at()),
                config.storeUrlScheme() + "://" + row.host(), row.namespace(), row.generation(), row.createdAt(),
                row.updatedAt(), row.readyAt());
    }
}
