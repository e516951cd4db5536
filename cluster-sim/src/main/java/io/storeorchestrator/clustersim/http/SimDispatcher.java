package io.storeorchestrator.clustersim.http;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.storeorchestrator.clustersim.api.ApiException;
import io.storeorchestrator.clustersim.api.ResourceApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Replaces the mock server's CRUD dispatcher: routes every request to discovery or to the indexed
 * {@link ResourceApi}, and turns refusals into Kubernetes {@code Status} answers.
 */
public final class SimDispatcher extends Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(SimDispatcher.class);

    private final ResourceHandler resources;
    private final Supplier<String> serverAddress;

    /**
     * @param serverAddress host:port clients reach the server on (known only once it listens)
     * @param watchIdleWait how long a watch with nothing to report waits before ending
     */
    public SimDispatcher(ResourceApi api, Clock clock, Supplier<String> serverAddress, Duration watchIdleWait) {
        this.resources = new ResourceHandler(api, new TableRenderer(clock), watchIdleWait);
        this.serverAddress = serverAddress;
    }

    @Override
    public MockResponse dispatch(RecordedRequest recorded) {
        ApiRequest request = null;
        try {
            request = ApiRequest.from(recorded);
            LOG.debug("{} {}", request.method(), recorded.getPath());
            return route(request);
        } catch (ApiException e) {
            return Responses.json(e.code(), e.toStatus());
        } catch (IllegalArgumentException e) {
            return Responses.json(400, ApiException.badRequest(e.getMessage()).toStatus());
        } catch (RuntimeException e) {
            LOG.error("Failed to handle {}", request == null ? recorded.getPath() : request.path(), e);
            return Responses.json(500, new ApiException(500, "InternalError", "internal error: " + e,
                    null, null).toStatus());
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
        return ResourcePath.parse(segments)
                .map(path -> resources.handle(request, path))
                .orElseThrow(() -> ApiException.pathNotFound(request.path()));
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
