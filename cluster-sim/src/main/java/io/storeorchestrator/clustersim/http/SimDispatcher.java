package io.storeorchestrator.clustersim.http;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.storeorchestrator.clustersim.api.ApiException;
import io.storeorchestrator.clustersim.api.ResourceApi;
import io.storeorchestrator.clustersim.traffic.ApiKnobs;
import io.storeorchestrator.clustersim.traffic.RequestCounter;
import io.storeorchestrator.clustersim.traffic.Verb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Replaces the mock server's CRUD dispatcher: routes every request to discovery or to the indexed
 * {@link ResourceApi}, and turns refusals into Kubernetes {@code Status} answers. On the way it counts resource
 * requests, fails writes at the configured fault rate and delays answers by the configured latency.
 *
 * <p>The mock server calls {@link #dispatch} on a Vert.x event loop, and a handful of event loops serve every
 * connection: nothing here may wait. The latency is therefore a body delay, which the server turns into a timer.
 */
public final class SimDispatcher extends Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(SimDispatcher.class);

    private final ResourceHandler resources;
    private final Watches watches;
    private final SimEndpoints simEndpoints;
    private final ApiKnobs knobs;
    private final RequestCounter counter;
    private final Supplier<String> serverAddress;

    /** @param serverAddress host:port clients reach the server on (known only once it listens) */
    public SimDispatcher(ResourceApi api, Clock clock, Supplier<String> serverAddress, WatchTimings watchTimings,
                         ApiKnobs knobs, RequestCounter counter) {
        TableRenderer tables = new TableRenderer(clock);
        this.watches = new Watches(api.store(), tables, watchTimings, knobs);
        this.resources = new ResourceHandler(api, tables, watches);
        this.simEndpoints = new SimEndpoints(counter);
        this.knobs = knobs;
        this.counter = counter;
        this.serverAddress = serverAddress;
    }

    @Override
    public MockResponse dispatch(RecordedRequest recorded) {
        if (SimEndpoints.handles(recorded.getPath())) {
            // The simulator's own controls: never delayed, failed or counted.
            return answer(recorded, simEndpoints::handle);
        }
        Duration latency = knobs.apiLatency();
        MockResponse response = answer(recorded, this::route);
        if (latency.isZero() || response.getWebSocketListener() != null) {
            // A WebSocket watch applies the latency to its first events itself: an upgrade has no body to delay.
            return response;
        }
        Duration delay = response.getBodyDelay();
        return response.setBodyDelay(delay == null ? latency : delay.plus(latency));
    }

    /** How many WebSocket watches are open. */
    public int openWatches() {
        return watches.openCount();
    }

    /** Ends every open WebSocket watch, as an API server restart would; returns how many there were. */
    public int dropWatches() {
        return watches.dropAll();
    }

    private static MockResponse answer(RecordedRequest recorded, Function<ApiRequest, MockResponse> route) {
        ApiRequest request = null;
        try {
            request = ApiRequest.from(recorded);
            LOG.debug("{} {}", request.method(), recorded.getPath());
            return route.apply(request);
        } catch (ApiException e) {
            return Responses.json(e.code(), e.toStatus());
        } catch (IllegalArgumentException e) {
            return Responses.json(400, ApiException.badRequest(e.getMessage()).toStatus());
        } catch (RuntimeException e) {
            LOG.error("Failed to handle {}", request == null ? recorded.getPath() : request.path(), e);
            return Responses.json(500, ApiException.internalError("internal error: " + e).toStatus());
        }
    }

    private MockResponse route(ApiRequest request) {
        List<String> segments = request.segments();
        if (request.method().equals("GET")) {
            Optional<MockResponse> document = discovery(request.path(), segments);
            if (document.isPresent()) {
                return document.get();
            }
        }
        ResourcePath path = ResourcePath.parse(segments)
                .orElseThrow(() -> ApiException.pathNotFound(request.path()));
        Optional<Verb> verb = verb(request, path);
        if (verb.isPresent()) {
            counter.record(verb.get(), path.resourceName());
            if (verb.get().isWrite() && knobs.nextWriteFails()) {
                counter.recordFault();
                throw ApiException.internalError("Internal error occurred: injected by cluster-sim (write fault "
                        + "rate " + knobs.writeFaultRate() + ")");
            }
        }
        return resources.handle(request, path);
    }

    /** The verb a request to a resource URL counts as; empty for methods the API does not serve. */
    private static Optional<Verb> verb(ApiRequest request, ResourcePath path) {
        return Optional.ofNullable(switch (request.method()) {
            case "GET" -> request.flag("watch") ? Verb.WATCH : path.name() == null ? Verb.LIST : Verb.GET;
            case "POST" -> Verb.CREATE;
            case "PUT" -> Verb.UPDATE;
            case "PATCH" -> request.isApply() ? Verb.APPLY : Verb.PATCH;
            case "DELETE" -> path.name() == null ? Verb.DELETE_COLLECTION : Verb.DELETE;
            default -> null;
        });
    }

    private Optional<MockResponse> discovery(String path, List<String> segments) {
        return switch (path) {
            case "/version" -> Optional.of(Responses.json(200, DiscoveryDocuments.version()));
            case "/api" -> Optional.of(Responses.json(200, DiscoveryDocuments.coreVersions(serverAddress.get())));
            case "/apis" -> Optional.of(Responses.json(200, DiscoveryDocuments.groups()));
            case "/healthz", "/livez", "/readyz" -> Optional.of(new MockResponse().setResponseCode(200)
                    .setHeader("Content-Type", "text/plain").setBody("ok"));
            default -> {
                if (segments.size() == 2 && segments.get(0).equals("api")) {
                    yield Optional.of(groupVersion(segments.get(1)));
                }
                if (segments.size() == 3 && segments.get(0).equals("apis")) {
                    yield Optional.of(groupVersion(segments.get(1) + "/" + segments.get(2)));
                }
                yield Optional.empty();
            }
        };
    }

    private static MockResponse groupVersion(String groupVersion) {
        return DiscoveryDocuments.resources(groupVersion)
                .map(list -> Responses.json(200, list))
                .orElseThrow(() -> ApiException.pathNotFound("/apis/" + groupVersion));
    }
}
