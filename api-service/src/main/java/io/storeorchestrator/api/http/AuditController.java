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
import io.storeorchestrator.api.store.AuditRepository;

/** {@code GET /api/v1/audit}: who did what to which store, newest first; a tenant reads only its own rows. */
@Controller("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Audit", description = "Who did what to which store, and when")
@GuardedApi
public class AuditController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final AuditRepository audit;

    public AuditController(AuditRepository audit) {
        this.audit = audit;
    }

    /**
     * @param limit  1 to 500, default 50
     * @param tenant the admin's filter: only this tenant's rows
     */
    @Get
    @Operation(summary = "The audit log, newest first", description = "A tenant reads only its own rows.")
    @ApiResponse(responseCode = "200", description = "The latest rows",
            content = @Content(schema = @Schema(implementation = Views.AuditList.class)))
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: a bad limit or tenant",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Views.AuditList recent(@Schema(type = "integer") @Nullable @QueryValue String limit,
                                  @Schema(format = "uuid") @Nullable @QueryValue String tenant,
                                  @Parameter(hidden = true) Caller caller) {
        int rows = QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        return new Views.AuditList(audit.findRecent(caller.listing(tenant), rows).stream().map(Views.AuditView::of)
                .toList());
    }
}
