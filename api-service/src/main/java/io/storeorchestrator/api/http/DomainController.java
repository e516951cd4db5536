package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.domain.DomainRow;
import io.storeorchestrator.api.domain.DomainService;
import io.storeorchestrator.api.error.ErrorBody;
import io.storeorchestrator.api.store.StoreRepository;
import io.storeorchestrator.api.store.StoreRow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URI;
import java.util.UUID;

/**
 * A store's custom domains (issue 11). Same scoping as the store routes: another tenant's store is 404 NOT_FOUND.
 */
@Controller("/api/v1/stores/{id}/domains")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Custom domains", description = "Hosts a store's owner brings: verified by a DNS TXT record, then served "
        + "with a certificate")
@GuardedApi
public class DomainController {

    private final DomainService domains;
    private final StoreRepository stores;
    private final ObjectReader json;

    public DomainController(DomainService domains, StoreRepository stores, ObjectMapper json) {
        this.domains = domains;
        this.stores = stores;
        this.json = JsonBodies.reader(json);
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a custom domain to a store",
            description = "The domain is PENDING_VERIFICATION until the TXT record it names is published; then the "
                    + "store's Ingress gets the host and cert-manager a certificate for it (ACTIVE). Asking again for "
                    + "a domain the store holds answers 200 with it; for one that FAILED, verification restarts.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = DomainRequest.class)))
    @ApiResponse(responseCode = "200", description = "The store holds this domain already",
            content = @Content(schema = @Schema(implementation = DomainView.class)))
    @ApiResponse(responseCode = "202", description = "The domain, PENDING_VERIFICATION, with the TXT record to publish; "
            + "Location: the store's domains",
            content = @Content(schema = @Schema(implementation = DomainView.class)))
    @ApiResponse(responseCode = "400", description = "INVALID_JSON, VALIDATION_FAILED, INVALID_DOMAIN",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such store, or not the caller's",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "DOMAIN_TAKEN by another store, DOMAIN_LIMIT_REACHED, "
            + "INVALID_STATE_TRANSITION: the store is being deleted",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @JsonBodyErrors
    public HttpResponse<DomainView> add(@PathVariable String id, @Nullable @Body String body,
                                        @Parameter(hidden = true) Caller caller) {
        UUID storeId = QueryParams.storeId(id);
        DomainRequest request = DomainRequest.parse(body, json);
        DomainService.Added added = domains.add(storeId, request.host(), caller);
        DomainView view = view(added.domain());
        return added.created()
                ? HttpResponse.accepted(URI.create("/api/v1/stores/" + storeId + "/domains")).body(view)
                : HttpResponse.ok(view);
    }

    @Get
    @Operation(summary = "A store's custom domains, oldest first")
    @ApiResponse(responseCode = "200", description = "The domains",
            content = @Content(schema = @Schema(implementation = DomainView.DomainList.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such store, or not the caller's",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public DomainView.DomainList list(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        UUID storeId = QueryParams.storeId(id);
        StoreRow store = caller.scope().require(stores.findById(storeId), storeId);
        return new DomainView.DomainList(domains.list(store).stream().map(this::view).toList());
    }

    @Delete("/{host}")
    @Operation(summary = "Remove a custom domain",
            description = "The host is free at once; a worker takes it off the store's Ingress and deletes its "
                    + "Certificate.")
    @ApiResponse(responseCode = "202", description = "The domain as it was",
            content = @Content(schema = @Schema(implementation = DomainView.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such store or domain, or not the caller's",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "INVALID_STATE_TRANSITION: the store is being deleted",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<DomainView> remove(@PathVariable String id, @PathVariable String host,
                                           @Parameter(hidden = true) Caller caller) {
        return HttpResponse.accepted().body(view(domains.remove(QueryParams.storeId(id), host, caller)));
    }

    private DomainView view(DomainRow row) {
        return DomainView.of(row, domains.txtName(row.host()));
    }
}
