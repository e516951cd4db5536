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
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.idempotency.Idempotency;
import io.storeorchestrator.api.metrics.ApiMetrics;
import io.storeorchestrator.api.metrics.ApiMetrics.Action;
import io.storeorchestrator.api.store.RevisionRepository;
import io.storeorchestrator.api.store.StoreQueries;
import io.storeorchestrator.api.store.StoreRepository;
import io.storeorchestrator.api.store.StoreRow;
import io.storeorchestrator.api.store.StoreService;
import io.storeorchestrator.api.store.TimelineRepository;

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
public class StoreController {

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

    public StoreController(StoreService service, StoreRepository stores, StoreQueries queries,
                           TimelineRepository timeline, ObjectMapper json, ApiConfig config, ApiMetrics metrics,
                           StoreCatalog catalog, RevisionRepository revisions, Idempotency idempotency) {
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
    public HttpResponse<?> create(HttpRequest<?> request, @Nullable @Body String body, Caller caller) {
        return idempotency.run(caller, request, body, () -> metrics.request(Action.CREATE, () -> {
            CreateStoreRequest create = CreateStoreRequest.parse(body, json, catalog);
            return accepted(service.create(create.name(), create.engine(), create.choice(), caller));
        }));
    }

    /**
     * @param tenant the admin's filter: only this tenant's stores
     * @param name   only stores whose name contains this, in any case
     */
    @Get
    public Views.StorePage list(@Nullable @QueryValue String status, @Nullable @QueryValue String limit,
                                @Nullable @QueryValue String cursor, @Nullable @QueryValue String tenant,
                                @Nullable @QueryValue String name, Caller caller) {
        StoreQueries.Page page = queries.page(caller.listing(tenant), QueryParams.status(status),
                QueryParams.nameFilter(name), QueryParams.cursor(cursor), QueryParams.limit(limit, DEFAULT_PAGE, MAX_PAGE));
        return new Views.StorePage(page.stores().stream().map(s -> StoreView.of(s, config)).toList(),
                page.next() == null ? null : page.next().encode());
    }

    @Get("/{id}")
    public StoreView get(@PathVariable String id, Caller caller) {
        return StoreView.of(find(QueryParams.storeId(id), caller), config);
    }

    @Get("/{id}/events")
    public Views.EventList events(@PathVariable String id, Caller caller) {
        UUID storeId = find(QueryParams.storeId(id), caller).id();
        return new Views.EventList(timeline.findByStore(storeId).stream().map(Views.EventView::of).toList());
    }

    /** Moves a READY store (or one already UPDATING: this update supersedes that one) to another version or plan. */
    @Patch("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<StoreView> update(@PathVariable String id, @Nullable @Body String body, Caller caller) {
        return metrics.request(Action.UPDATE, () -> {
            UUID storeId = QueryParams.storeId(id);
            UpdateStoreRequest update = UpdateStoreRequest.parse(body, json);
            return accepted(service.update(storeId, update.plan(), update.version(), caller));
        });
    }

    @Get("/{id}/revisions")
    public Views.RevisionList revisions(@PathVariable String id, Caller caller) {
        UUID storeId = find(QueryParams.storeId(id), caller).id();
        return new Views.RevisionList(revisions.listNewestFirst(storeId).stream().map(Views.RevisionView::of).toList());
    }

    /** Applies an earlier revision that served again, as a new revision. */
    @Post("/{id}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<?> rollback(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body,
                                    Caller caller) {
        return idempotency.run(caller, request, body, () -> metrics.request(Action.ROLLBACK, () -> {
            UUID storeId = QueryParams.storeId(id);
            RollbackRequest rollback = RollbackRequest.parse(body, json);
            return accepted(service.rollback(storeId, rollback.revision(), caller));
        }));
    }

    @Delete("/{id}")
    public HttpResponse<StoreView> delete(@PathVariable String id, Caller caller) {
        return metrics.request(Action.DELETE, () -> accepted(service.delete(QueryParams.storeId(id), caller)));
    }

    @Post("/{id}/retry")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> retry(HttpRequest<?> request, @PathVariable String id, Caller caller) {
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
