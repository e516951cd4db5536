package io.storeorchestrator.clustersim.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.storeorchestrator.clustersim.store.Listing;
import io.storeorchestrator.clustersim.store.Meta;
import io.storeorchestrator.clustersim.store.ObjectStore;
import io.storeorchestrator.clustersim.store.WatchFilter;
import io.storeorchestrator.clustersim.store.WatchHistory;
import io.storeorchestrator.clustersim.traffic.ApiKnobs;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves {@code ?watch=true}. A WebSocket upgrade (Fabric8 watches and informers) gets a stream that lasts until the
 * client or {@code timeoutSeconds} ends it; plain HTTP (kubectl) gets long polling, because the mock server can only
 * answer HTTP with whole responses.
 */
final class Watches {

    /**
     * Where a watch begins.
     *
     * @param current the objects to send as ADDED first (empty when the watch resumes from a version)
     * @param from    the version whose later changes the watch follows
     */
    record Start(List<ObjectNode> current, long from) {
    }

    private final ObjectStore store;
    private final WatchEvents events;
    private final WatchTimings timings;
    private final ApiKnobs knobs;
    private final LongPollWatch longPoll;
    private final Set<WebSocketWatch> open = ConcurrentHashMap.newKeySet();

    Watches(ObjectStore store, TableRenderer tables, WatchTimings timings, ApiKnobs knobs) {
        this.store = store;
        this.events = new WatchEvents(tables);
        this.timings = timings;
        this.knobs = knobs;
        this.longPoll = new LongPollWatch(this, timings.idleWait());
    }

    MockResponse respond(ApiRequest request, ResourcePath path) {
        WatchRequest watch = WatchRequest.from(request, path);
        if (request.webSocket()) {
            return new MockResponse().withWebSocketUpgrade(
                    new WebSocketWatch(watch, this, knobs.apiLatency(), timings.bookmarkInterval()));
        }
        return longPoll.respond(watch);
    }

    /** The current state when the watch asks for it (read together with its version), else the version asked. */
    Start start(WatchRequest watch) {
        if (!watch.startsWithCurrentState()) {
            return new Start(List.of(), watch.fromVersion());
        }
        WatchFilter filter = watch.filter();
        Listing listing = store.list(filter.type(), filter.namespace(), filter.labels(), filter.fields());
        List<ObjectNode> current = filter.name() == null ? listing.items()
                : listing.items().stream().filter(o -> Meta.name(o).equals(filter.name())).toList();
        return new Start(current, listing.resourceVersion());
    }

    WatchHistory history() {
        return store.history();
    }

    WatchEvents events() {
        return events;
    }

    void opened(WebSocketWatch watch) {
        open.add(watch);
    }

    void closed(WebSocketWatch watch) {
        open.remove(watch);
    }

    /** How many WebSocket watches are open. */
    int openCount() {
        return open.size();
    }

    /** Ends every open WebSocket watch, as an API server restart would; returns how many there were. */
    int dropAll() {
        List<WebSocketWatch> dropped = List.copyOf(open);
        dropped.forEach(WebSocketWatch::drop);
        return dropped.size();
    }
}
