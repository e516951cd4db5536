package io.storeorchestrator.api.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.storeorchestrator.api.error.ErrorBody;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.metrics.QueueDepths;
import io.storeorchestrator.api.metrics.SummaryQueries;
import io.storeorchestrator.api.store.StoreQueries;
import io.storeorchestrator.api.tenant.TenantScope;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.Topology;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/** {@code GET /api/v1/metrics}: the dashboard's summary, over the caller's stores (Prometheus has the time series at /prometheus). */
@Controller("/api/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Metrics", description = "The dashboard's summary of the caller's stores")
@GuardedApi
public class MetricsController {

    static final int RECENT_FAILURES = 10;

    /**
     * Counts by status, provisioning durations, the stores that failed most recently, time-to-ready percentiles, the
     * command queue and the workers' current work.
     */
    public record Summary(Map<StoreStatus, Long> storesByStatus, long liveStores, StoreQueries.ProvisioningStats provisioning,
                          List<Failure> recentFailures, TimeToReady timeToReady, Queue queue, Workers workers) {
    }

    public record Failure(UUID storeId, String name, @Nullable String reason, Instant failedAt) {
    }

    /** Stores that became READY in the last hour, the last day, and each of the last 24 hours (oldest first). */
    public record TimeToReady(SummaryQueries.Percentiles lastHour, SummaryQueries.Percentiles lastDay,
                              List<SummaryQueries.Hour> hourly) {
    }

    /**
     * The platform's RabbitMQ queues (not scoped: they are shared), as last read; null while the broker does not answer.
     *
     * @param commandsReady commands waiting for a worker
     * @param deadLettered  messages in the dead-letter queues (commands and events)
     */
    public record Queue(@Nullable Long commandsReady, @Nullable Long deadLettered) {
    }

    /** @param busy stores whose lease a worker holds now: steps being executed (waiting stores hold none) */
    public record Workers(long busy) {
    }

    private final StoreQueries queries;
    private final SummaryQueries summary;
    private final QueueDepths queues;

    public MetricsController(StoreQueries queries, SummaryQueries summary, QueueDepths queues) {
        this.queries = queries;
        this.summary = summary;
        this.queues = queues;
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
        SummaryQueries.Windows windows = summary.timeToReady(scope);
        return new Summary(byStatus, live, queries.provisioningStats(scope), failures,
                new TimeToReady(windows.lastHour(), windows.lastDay(), summary.hourly(scope)), queue(),
                new Workers(summary.busyWorkers(scope)));
    }

    private Queue queue() {
        Topology standard = Topology.standard();
        OptionalLong commands = queues.messages(standard.commandsQueue());
        OptionalLong deadCommands = queues.messages(standard.deadCommandsQueue());
        OptionalLong deadEvents = queues.messages(standard.deadEventsQueue());
        return new Queue(commands.isPresent() ? commands.getAsLong() : null,
                deadCommands.isPresent() && deadEvents.isPresent()
                        ? deadCommands.getAsLong() + deadEvents.getAsLong() : null);
    }
}
