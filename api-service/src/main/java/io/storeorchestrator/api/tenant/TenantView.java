package io.storeorchestrator.api.tenant;

import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.common.time.Durations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant as the API shows it.
 *
 * @param allowedPlans      null: every plan
 * @param requestsPerMinute null: the API's default
 * @param createsPerMinute  null: the API's default
 * @param liveStores        its stores that are not DELETED
 * @param defaultTtl        its stores' default time to live ({@code "720h"}); null: the API's default
 */
public record TenantView(UUID id, String name, int maxStores, @Nullable List<String> allowedPlans,
                         @Nullable Integer requestsPerMinute, @Nullable Integer createsPerMinute, long liveStores,
                         Instant createdAt, @Nullable String defaultTtl) {

    static @Nullable String ttl(@Nullable java.time.Duration ttl) {
        return ttl == null ? null : Durations.human(ttl);
    }
}
