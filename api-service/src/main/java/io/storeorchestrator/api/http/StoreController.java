package io.storeorchestrator.api.http;

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
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.error.ErrorBody;
import io.storeorchestrator.api.idempotency.Idempotency;
import io.storeorchestrator.api.metrics.ApiMetrics;
import io.storeorchestrator.api.metrics.ApiMetrics.Action;
import io.storeorchestrator.api.store.RevisionRepository;
import io.storeorchestrator.api.store.StoreQueries;
import io.storeorchestrator.api.store.StoreRepository;
import io.storeorchestrator.api.store.StoreRow;
import io.storeorchestrator.api.store.StoreService;
import io.storeorchestrator.api.store.TimelineRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URI;
import java.util.UUID;

/**
 * REST API v1 for stores. Thin: parses parameters (by hand, so bad input is a 4xx with a code), calls the service or a
 * repository, shapes the response. Path ids are taken as text: a malformed id is 404 NOT_FOUND like an unknown one.
 * Every endpoint works within its {@link Caller}'s scope: another tenant's store is 404 NOT_FOUND as well.
 */
@Controller("/api/v1/stores")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Stores", description = "A store's lifecycle: create, watch, update, roll back, retry, delete")
@GuardedApi
public class StoreController {

    /** The Idempotency-Key header's description in the spec. */
    static final String IDEMPOTENCY = "Up to 255 printable ASCII characters; the same request again within 24 h "
            + "gets the first answer again (Idempotent-Replayed: true)";
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;

    private final StoreService service;
    private final StoreRepository stores;
    private final StoreQueries queries;
    private final TimelineRepository timeline;
    private final ObjectReader json;
    private final ApiConfig config;
    private final ApiMetrics metrics;
    private final StoreCatalog catalog;
    private final RevisionRepository revisions;
    private final Idempotency idempotency;
    private final io.storeorchestrator.api.backup.BackupService backups;

    public StoreController(StoreService service, StoreRepository stores, StoreQueries queries,
                           TimelineRepository timeline, ObjectMapper json, ApiConfig config, ApiMetrics metrics,
                           StoreCatalog catalog, RevisionRepository revisions, Idempotency idempotency,
                           io.storeorchestrator.api.backup.BackupService backups) {
        this.backups = backups;
        this.service = service;
        this.stores = stores;
        this.queries = queries;
        this.timeline = timeline;
        this.revisions = revisions;
        this.json = CreateStoreRequest.reader(json);
        this.config = config;
        this.metrics = metrics;
        this.catalog = catalog;
        this.idempotency = idempotency;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a store",
            description = "Owned by the caller's tenant; plan and version default to the catalog's. A template "
                    + "(GET /api/v1/templates) is installed once after the app first serves, before READY.",
            parameters = @Parameter(name = Idempotency.HEADER, in = ParameterIn.HEADER, description = IDEMPOTENCY,
                    schema = @Schema(type = "string")))
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CreateStoreRequest.Body.class)))
    @ApiResponse(responseCode = "202", description = "The store, QUEUED at revision 1; Location: its URL",
            content = @Content(schema = @Schema(implementation = StoreView.class)))
    @ApiResponse(responseCode = "400",
            description = "INVALID_JSON, VALIDATION_FAILED, INVALID_STORE_NAME, INVALID_ENGINE, "
                    + "ENGINE_UNAVAILABLE, INVALID_PLAN, INVALID_VERSION, INVALID_EXPIRY, INVALID_TEMPLATE",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "PLAN_NOT_ALLOWED for the tenant; FORBIDDEN",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "BACKUP_NOT_FOUND: fromBackup names no backup of the caller's",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "STORE_NAME_TAKEN; fromBackup: BACKUP_NOT_RESTORABLE, "
            + "BACKUPS_NOT_CONFIGURED",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @JsonBodyErrors
    @ApiResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED with another request",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "429", description = "QUOTA_EXCEEDED (the tenant's or the platform's), RATE_LIMITED",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> create(HttpRequest<?> request, @Nullable @Body String body,
                                  @Parameter(hidden = true) Caller caller) {
        return idempotency.run(caller, request, body, () -> metrics.request(Action.CREATE, () -> {
            CreateStoreRequest create = CreateStoreRequest.parse(body, json, catalog);
            if (create.fromBackup() != null) {
                // A clone: restored from the backup once it is provisioned.
                return accepted(backups.createFrom(create.fromBackup(), () -> service.create(create.name(),
                        create.engine(), create.choice(), create.expiry(), create.template(), caller),
                        create.engine(), caller));
            }
            return accepted(service.create(create.name(), create.engine(), create.choice(), create.expiry(),
                    create.template(), caller));
        }));
    }

    /**
     * @param status only stores in this status (DELETED ones appear only when asked for)
     * @param limit  1 to 100, default 20
     * @param cursor the previous page's nextCursor, unchanged
     * @param tenant the admin's filter: only this tenant's stores
     * @param name   only stores whose name contains this, in any case
     */
    @Get
    @Operation(summary = "List the caller's stores, newest first", description = "The admin's: all, or one tenant's.")
    @ApiResponse(responseCode = "200", description = "One page; nextCursor is null on the last",
            content = @Content(schema = @Schema(implementation = Views.StorePage.class)))
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: a bad status, limit, cursor, tenant or name",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Views.StorePage list(@Schema(implementation = StoreStatus.class) @Nullable @QueryValue String status,
                                @Schema(type = "integer") @Nullable @QueryValue String limit,
                                @Nullable @QueryValue String cursor,
                                @Schema(format = "uuid") @Nullable @QueryValue String tenant,
                                @Schema(maxLength = 63) @Nullable @QueryValue String name,
                                @Parameter(hidden = true) Caller caller) {
        StoreQueries.Page page = queries.page(caller.listing(tenant), QueryParams.status(status),
                QueryParams.nameFilter(name), QueryParams.cursor(cursor), QueryParams.limit(limit, DEFAULT_PAGE, MAX_PAGE));
        return new Views.StorePage(page.stores().stream().map(s -> StoreView.of(s, config)).toList(),
                page.next() == null ? null : page.next().encode());
    }

    @Get("/{id}")
    @Operation(summary = "One store")
    @ApiResponse(responseCode = "200", description = "The store",
            content = @Content(schema = @Schema(implementation = StoreView.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such store, or not the caller's",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public StoreView get(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return StoreView.of(find(QueryParams.storeId(id), caller), config);
    }

    @Get("/{id}/events")
    @Operation(summary = "A store's timeline, oldest first", description = "Each step as it started, ended or failed.")
    @ApiResponse(responseCode = "200", description = "The timeline",
            content = @Content(schema = @Schema(implementation = Views.EventList.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such store, or not the caller's",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Views.EventList events(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        UUID storeId = find(QueryParams.storeId(id), caller).id();
        return new Views.EventList(timeline.findByStore(storeId).stream().map(Views.EventView::of).toList());
    }

    /**
     * Moves a READY store (or one already UPDATING: this update supersedes that one) to another version or plan (202);
     * a body with only {@code ttl} or {@code expiresAt} changes the expiry alone (200).
     */
    @Patch("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update a store to another version or plan, or change its expiry",
            description = "A version or plan: as a new revision, READY or UPDATING only. Only ttl or expiresAt: "
                    + "the expiry alone changes, on any store not being deleted.")
    @RequestBody(required = true, content = @Content(schema = @Schema(
            implementation = UpdateStoreRequest.Body.class)))
    @ApiResponse(responseCode = "200", description = "The store, its expiry changed and nothing else",
            content = @Content(schema = @Schema(implementation = StoreView.class)))
    @ApiResponse(responseCode = "202", description = "The store, UPDATING, generation + 1",
            content = @Content(schema = @Schema(implementation = StoreView.class)))
    @ApiResponse(responseCode = "400",
            description = "INVALID_JSON, VALIDATION_FAILED, NOTHING_TO_CHANGE, INVALID_PLAN, INVALID_VERSION, "
                    + "INVALID_EXPIRY",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "PLAN_NOT_ALLOWED for the tenant; FORBIDDEN",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such store, or not the caller's",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "INVALID_STATE_TRANSITION: the store is not READY or UPDATING",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @JsonBodyErrors
    public HttpResponse<StoreView> update(@PathVariable String id, @Nullable @Body String body,
                                          @Parameter(hidden = true) Caller caller) {
        return metrics.request(Action.UPDATE, () -> {
            UUID storeId = QueryParams.storeId(id);
            UpdateStoreRequest update = UpdateStoreRequest.parse(body, json);
            if (update.expiryOnly()) {
                return HttpResponse.ok(StoreView.of(service.changeExpiry(storeId, update.expiry(), caller), config));
            }
            return accepted(update.expiry() == null ? service.update(storeId, update.plan(), update.version(), caller)
                    : service.updateWithExpiry(storeId, update.plan(), update.version(), update.expiry(), caller));
        });
    }

    @Get("/{id}/revisions")
    @Operation(summary = "A store's revisions, newest first",
            description = "Each version and plan it was asked to run.")
    @ApiResponse(responseCode = "200", description = "The revisions",
            content = @Content(schema = @Schema(implementation = Views.RevisionList.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such store, or not the caller's",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Views.RevisionList revisions(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        UUID storeId = find(QueryParams.storeId(id), caller).id();
        return new Views.RevisionList(revisions.listNewestFirst(storeId).stream().map(Views.RevisionView::of).toList());
    }

    /** Applies an earlier revision that served again, as a new revision. */
    @Post("/{id}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Roll a READY store back to an earlier revision", description = "Applied as a new revision.",
            parameters = @Parameter(name = Idempotency.HEADER, in = ParameterIn.HEADER, description = IDEMPOTENCY,
                    schema = @Schema(type = "string")))
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RollbackRequest.class)))
    @ApiResponse(responseCode = "202", description = "The store, UPDATING, generation + 1",
            content = @Content(schema = @Schema(implementation = StoreView.class)))
    @ApiResponse(responseCode = "400", description = "INVALID_JSON, VALIDATION_FAILED, INVALID_PLAN, INVALID_VERSION",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "PLAN_NOT_ALLOWED for the tenant; FORBIDDEN",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND (the store), REVISION_NOT_FOUND",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409",
            description = "INVALID_STATE_TRANSITION unless READY, ALREADY_AT_REVISION, REVISION_NOT_READY",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @JsonBodyErrors
    @ApiResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED with another request",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> rollback(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body,
                                    @Parameter(hidden = true) Caller caller) {
        return idempotency.run(caller, request, body, () -> metrics.request(Action.ROLLBACK, () -> {
            UUID storeId = QueryParams.storeId(id);
            RollbackRequest rollback = RollbackRequest.parse(body, json);
            return accepted(service.rollback(storeId, rollback.revision(), caller));
        }));
    }

    @Delete("/{id}")
    @Operation(summary = "Delete a store",
            description = "Everything it has goes with its namespace; again 202 while DELETING.")
    @ApiResponse(responseCode = "202", description = "The store, DELETING",
            content = @Content(schema = @Schema(implementation = StoreView.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such store, or not the caller's",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "INVALID_STATE_TRANSITION: the store is DELETED",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<StoreView> delete(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        return metrics.request(Action.DELETE, () -> accepted(service.delete(QueryParams.storeId(id), caller)));
    }

    @Post("/{id}/retry")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Provision a FAILED store again", description = "Same plan, version and revision; no body.",
            parameters = @Parameter(name = Idempotency.HEADER, in = ParameterIn.HEADER, description = IDEMPOTENCY,
                    schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "202", description = "The store, QUEUED, generation + 1",
            content = @Content(schema = @Schema(implementation = StoreView.class)))
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: a malformed Idempotency-Key",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such store, or not the caller's",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "INVALID_STATE_TRANSITION: the store is not FAILED",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED with another request",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> retry(HttpRequest<?> request, @PathVariable String id,
                                 @Parameter(hidden = true) Caller caller) {
        return idempotency.run(caller, request, null, () -> metrics.request(Action.RETRY,
                () -> accepted(service.retry(QueryParams.storeId(id), caller))));
    }

    /** The store, if the caller may see it: one call, the same for every endpoint on one store. */
    private StoreRow find(UUID id, Caller caller) {
        return caller.scope().require(stores.findById(id), id);
    }

    private HttpResponse<StoreView> accepted(StoreRow store) {
        return HttpResponse.accepted(URI.create("/api/v1/stores/" + store.id())).body(StoreView.of(store, config));
    }
}
