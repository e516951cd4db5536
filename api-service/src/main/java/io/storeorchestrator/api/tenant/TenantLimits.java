package io.storeorchestrator.api.tenant;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Duration;
import java.util.List;

/**
 * What a tenant may do, read with its key on every request.
 *
 * @param name              the tenant's name
 * @param maxStores         live stores it may have at once
 * @param allowedPlans      plans its stores may use; null for every plan
 * @param requestsPerMinute its keys' general rate limit; null for the API's default
 * @param createsPerMinute  its keys' store-creation rate limit; null for the API's default
 * @param defaultTtl        the time to live of its stores created without one; null for the API's default
 */
public record TenantLimits(String name, int maxStores, @Nullable List<String> allowedPlans,
                           @Nullable Integer requestsPerMinute, @Nullable Integer createsPerMinute,
                           @Schema(type = "string", example = "720h", nullable = true,
                                   description = "A Go duration, 10s to 8760h; null: the API's default")
                           @Nullable Duration defaultTtl) {

    public TenantLimits(String name, int maxStores, @Nullable List<String> allowedPlans,
                        @Nullable Integer requestsPerMinute, @Nullable Integer createsPerMinute) {
        this(name, maxStores, allowedPlans, requestsPerMinute, createsPerMinute, null);
    }

    public boolean allows(String plan) {
        return allowedPlans == null || allowedPlans.contains(plan);
    }
}
