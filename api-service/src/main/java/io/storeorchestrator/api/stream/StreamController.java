package io.storeorchestrator.api.stream;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.storeorchestrator.api.http.GuardedApi;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.error.ErrorBody;
import io.storeorchestrator.api.tenant.TenantScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.reactivestreams.Publisher;

import java.util.List;

/**
 * {@code GET /api/v1/stores/stream}: Server-Sent Events, one {@code event: store} per change of a store the caller may
 * see, with the change's id; {@code Last-Event-ID} resumes after an id (or answers {@code event: reset} when the
 * changes after it are no longer kept); a {@code : heartbeat} comment every {@code API_STREAM_HEARTBEAT}. Opening a
 * stream is one request for the rate limits ({@code AccessFilter}), like any other.
 */
@Controller("/api/v1/stores/stream")
@Tag(name = "Stores")
@GuardedApi
public class StreamController {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final StreamHub hub;
    private final ChangeFeed feed;
    private final StreamConfig config;

    public StreamController(StreamHub hub, ChangeFeed feed, StreamConfig config) {
        this.hub = hub;
        this.feed = feed;
        this.config = config;
    }

    /** @param tenant the admin's filter: only this tenant's stores */
    @Get
    @Produces(MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Server-Sent Events: every change of a store the caller may see",
            description = "`id:` the change's sequence number, `event: store`, `data:` the store as GET /stores/{id} "
                    + "shows it. Send Last-Event-ID to resume; `event: reset` means reload. `: heartbeat` every 15 s.")
    @ApiResponse(responseCode = "200", description = "The stream, open until the client leaves",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: a bad tenant",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "503", description = "STREAM_LIMIT_REACHED: this replica serves its maximum of streams",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<Publisher<Event<String>>> stream(@Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                                        @Schema(format = "uuid") @Nullable @QueryValue String tenant,
                                                        @Parameter(hidden = true) Caller caller) {
        TenantScope scope = caller.listing(tenant);
        Long resumeFrom = StreamEvents.lastEventId(lastEventId);
        // Registered before the replay is read, so a change committed meanwhile arrives live, after the replay.
        StreamHub.Opened opened = hub.open(scope, resumeFrom);
        ClientStream stream = opened.stream();
        try {
            if (resumeFrom != null) {
                ChangeFeed.Resume resume = feed.resume(scope, resumeFrom, opened.position(), config.replayMax());
                stream.replayed(resume.reset() ? List.of(StreamEvents.reset(opened.position()))
                        : resume.changes().stream().map(StoreChange::event).toList(), opened.position());
            }
            // A first frame at once: the server sends the response head with the first piece of its body.
            stream.heartbeat();
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        return HttpResponse.ok((Publisher<Event<String>>) stream)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                // nginx (the chart's ingress) would otherwise buffer the stream
                .header("X-Accel-Buffering", "no");
    }
}
