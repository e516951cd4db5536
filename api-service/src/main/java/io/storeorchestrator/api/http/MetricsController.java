package io.storeorchestrator.api.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.storeorchestrator.api.ApiApplication;
import io.storeorchestrator.api.error.ErrorBody;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.store.StoreQueries;
import io.storeorchestrator.api.tenant.TenantScope;
import io.storeorchestrator.common.domain.StoreStatus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /api/v1/metrics}: the dashboard's summary, over the caller's stores (Prometheus has the time series at /prometheus). */
@Controller("/api/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Metrics", description = "The dashboard's summary of the caller's stores")
@SecurityRequirement(name = ApiApplication.BEARER)
@ApiResponse(responseCode = "401", description = "UNAUTHENTICATED: no credential, or not a valid one",
        content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "403", description = "FORBIDDEN: a token whose tenant is not registered here",
        content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "429", description = "RATE_LIMITED: see Retry-After",
        content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class MetricsController {

    static final int RECENT_FAILURES = 10;

    /** Counts by status, provisioning durations and the stores that failed most recently. */
    public record Summary(Map<StoreStatus, Long> storesByStatus, long liveStores, StoreQueries.ProvisioningStats provisioning,
                          List<Failure> recentFailures) {
    }

    public record Failure(UUID storeId, String name, @Nullable String reason, Instant failedAt) {
    }

    private final StoreQueries queries;

    public MetricsController(StoreQueries queries) {
        this.queries = queries;
    }

    /** @param tenant the admin's filter: only this tenant's stores */
    @Get
    @Operation(summary = "Counts by status, provisioning durations, recent failures")
    @ApiResponse(responseCode = "200", description = "The summary",
            content = @Content(schema = @Schema(implementation = Summary.class)))
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: a bad tenant",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Summary summary(@Schema(format = "uuid") @Nullable @QueryValue String tenant,
                           @Parameter(hidden = true) Caller caller) {
        TenantScope scope = caller.listing(tenant);
        Map<StoreStatus, Long> byStatus = new LinkedHashMap<>();
        Map<StoreStatus, Long> counted = queries.countByStatus(scope);
        for (StoreStatus status : StoreStatus.values()) {
            byStatus.put(status, counted.getOrDefault(status, 0L));
        }
        long live = byStatus.entrySet().stream().filter(e -> e.getKey().isLive()).mapToLong(Map.Entry::getValue).sum();
        List<Failure> failures = queries.recentFailures(scope, RECENT_FAILURES).stream()
                .map(s -> new Failure(s.id(), s.name(), s.statusReason(), s.failedAt() == null ? s.updatedAt() : s.failedAt()))
                .toList();
        return new Summary(byStatus, live, queries.provisioningStats(scope), failures);
    }
}
