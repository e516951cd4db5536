package io.storeorchestrator.api.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.store.AuditRepository;

/** {@code GET /api/v1/audit}: who did what to which store, newest first; a tenant reads only its own rows. */
@Controller("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuditController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final AuditRepository audit;

    public AuditController(AuditRepository audit) {
        this.audit = audit;
    }

    @Get
    public Views.AuditList recent(@Nullable @QueryValue String limit, @Nullable @QueryValue String tenant,
                                  Caller caller) {
        int rows = QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        return new Views.AuditList(audit.findRecent(caller.listing(tenant), rows).stream().map(Views.AuditView::of)
                .toList());
    }
}
