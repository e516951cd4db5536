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
    public HttpResponse<?> create(HttpRequest<?> request, @Nullable @Body String body, Caller caller) {
        caller.requireAdmin();
        return idempotency.run(caller, request, body, () -> {
            TenantView tenant = service.create(TenantRequest.parse(body, json, catalog), caller);
            return HttpResponse.created(tenant, URI.create("/api/v1/tenants/" + tenant.id()));
        });
    }

    @Get
    public TenantList list(Caller caller) {
        caller.requireAdmin();
        return new TenantList(tenants.list());
    }

    @Get("/{id}")
    public TenantView get(@PathVariable String id, Caller caller) {
        caller.requireAdmin();
        UUID tenantId = tenantId(id);
        return tenants.find(tenantId).orElseThrow(() -> TenantService.notFound(tenantId));
    }

    @Delete("/{id}")
    public HttpResponse<?> delete(@PathVariable String id, Caller caller) {
        caller.requireAdmin();
        service.delete(tenantId(id), caller);
        return HttpResponse.noContent();
    }

    /** Not idempotent by key: the key is never stored, so its answer could not be replayed. */
    @Post("/{id}/keys")
    @Consumes(MediaType.ALL)
    public HttpResponse<KeyView.Created> createKey(HttpRequest<?> request, @PathVariable String id, Caller caller) {
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
    public KeyList keys(@PathVariable String id, Caller caller) {
        caller.requireAdmin();
        UUID tenantId = tenantId(id);
        tenants.find(tenantId).orElseThrow(() -> TenantService.notFound(tenantId));
        return new KeyList(tenants.listKeys(tenantId));
    }

    @Delete("/{id}/keys/{keyId}")
    public HttpResponse<?> revokeKey(@PathVariable String id, @PathVariable String keyId, Caller caller) {
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
