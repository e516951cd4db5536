package io.storeorchestrator.api.tenant;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
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
import io.storeorchestrator.api.http.GuardedApi;
import io.storeorchestrator.api.http.JsonBodyErrors;
import io.storeorchestrator.api.error.ErrorBody;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.idempotency.Idempotency;
import io.storeorchestrator.common.catalog.StoreCatalog;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * The admin's tenant endpoints: tenants with their quotas, and their API keys. Every one is 403 FORBIDDEN to tenants'
 * own keys. Malformed ids are 404 like unknown ones.
 */
@Controller("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Tenants", description = "The admin's: tenants, their quotas and their API keys")
@GuardedApi
public class TenantController {

    /** {@code GET /api/v1/tenants} and {@code GET /api/v1/tenants/{id}/keys}. */
    public record TenantList(List<TenantView> items) {
    }

    public record KeyList(List<KeyView> items) {
    }

    private final TenantService service;
    private final TenantRepository tenants;
    private final Idempotency idempotency;
    private final ObjectReader json;
    private final StoreCatalog catalog;

    public TenantController(TenantService service, TenantRepository tenants, Idempotency idempotency,
                            ObjectMapper json, StoreCatalog catalog) {
        this.service = service;
        this.tenants = tenants;
        this.idempotency = idempotency;
        this.json = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.catalog = catalog;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a tenant", description = "With its store quota, plans and rate limits.",
            parameters = @Parameter(name = Idempotency.HEADER, in = ParameterIn.HEADER,
                    description = "Replays the first answer for 24 h", schema = @Schema(type = "string")))
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = TenantLimits.class)))
    @ApiResponse(responseCode = "201", description = "The tenant; Location: its URL",
            content = @Content(schema = @Schema(implementation = TenantView.class)))
    @ApiResponse(responseCode = "400", description = "INVALID_JSON, VALIDATION_FAILED",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "TENANT_NAME_TAKEN",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @JsonBodyErrors
    @ApiResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED with another request",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> create(HttpRequest<?> request, @Nullable @Body String body,
                                  @Parameter(hidden = true) Caller caller) {
        caller.requireAdmin();
        return idempotency.run(caller, request, body, () -> {
            TenantView tenant = service.create(TenantRequest.parse(body, json, catalog), caller);
            return HttpResponse.created(tenant, URI.create("/api/v1/tenants/" + tenant.id()));
        });
    }

    @Get
    @Operation(summary = "Every tenant")
    public TenantList list(@Parameter(hidden = true) Caller caller) {
        caller.requireAdmin();
        return new TenantList(tenants.list());
    }

    @Get("/{id}")
    @Operation(summary = "One tenant")
    @ApiResponse(responseCode = "200", description = "The tenant",
            content = @Content(schema = @Schema(implementation = TenantView.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such tenant",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public TenantView get(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        caller.requireAdmin();
        UUID tenantId = tenantId(id);
        return tenants.find(tenantId).orElseThrow(() -> TenantService.notFound(tenantId));
    }

    @Delete("/{id}")
    @Operation(summary = "Delete a tenant and revoke its keys", description = "Once none of its stores is live.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such tenant",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "TENANT_HAS_STORES: it has stores that are not DELETED",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> delete(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        caller.requireAdmin();
        service.delete(tenantId(id), caller);
        return HttpResponse.noContent();
    }

    /** Not idempotent by key: the key is never stored, so its answer could not be replayed. */
    @Post("/{id}/keys")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Create an API key for the tenant",
            description = "The answer is the only time the key is shown.")
    @ApiResponse(responseCode = "201", description = "The key",
            content = @Content(schema = @Schema(implementation = KeyView.Created.class)))
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: an Idempotency-Key (not accepted here)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such tenant",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<KeyView.Created> createKey(HttpRequest<?> request, @PathVariable String id,
                                                   @Parameter(hidden = true) Caller caller) {
        caller.requireAdmin();
        if (request.getHeaders().contains(Idempotency.HEADER)) {
            throw ApiException.validation("Idempotency-Key is not accepted here: a key is shown once and never stored, "
                    + "so its answer cannot be replayed; list the keys to see whether a create went through");
        }
        UUID tenantId = tenantId(id);
        KeyView.Created key = service.createKey(tenantId, caller);
        return HttpResponse.created(key, URI.create("/api/v1/tenants/" + tenantId + "/keys/" + key.id()));
    }

    @Get("/{id}/keys")
    @Operation(summary = "The tenant's keys", description = "Never the keys themselves.")
    @ApiResponse(responseCode = "200", description = "The keys",
            content = @Content(schema = @Schema(implementation = KeyList.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such tenant",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public KeyList keys(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        caller.requireAdmin();
        UUID tenantId = tenantId(id);
        tenants.find(tenantId).orElseThrow(() -> TenantService.notFound(tenantId));
        return new KeyList(tenants.listKeys(tenantId));
    }

    @Delete("/{id}/keys/{keyId}")
    @Operation(summary = "Revoke a key", description = "At once on every replica; again 204.")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such tenant or key",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> revokeKey(@PathVariable String id, @PathVariable String keyId,
                                     @Parameter(hidden = true) Caller caller) {
        caller.requireAdmin();
        UUID tenantId = tenantId(id);
        UUID key = uuid(keyId).orElseThrow(() -> ApiException.notFound("Tenant " + tenantId + " has no such key"));
        service.revokeKey(tenantId, key, caller);
        return HttpResponse.noContent();
    }

    private static UUID tenantId(String raw) {
        return uuid(raw).orElseThrow(() -> ApiException.notFound("No such tenant"));
    }

    private static java.util.Optional<UUID> uuid(String raw) {
        if (raw == null || raw.length() != 36) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
