package io.storeorchestrator.clustersim.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.store.Meta;
import io.storeorchestrator.clustersim.store.ResourceType;

import java.util.List;

/** Watch events as JSON lines / WebSocket messages: changes, bookmarks and the 410 that ends a watch too old. */
final class WatchEvents {

    /** The annotation on the BOOKMARK that ends the initial events of a watch-list ({@code sendInitialEvents}). */
    static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

    private final TableRenderer tables;

    WatchEvents(TableRenderer tables) {
        this.tables = tables;
    }

    /** An ADDED, MODIFIED or DELETED event; kubectl's {@code get -w} gets it as a one-row Table. */
    String change(String type, ObjectNode object, WatchRequest watch) {
        ResourceType kind = watch.filter().type();
        ObjectNode event = Json.object();
        event.put("type", type);
        event.set("object", watch.table()
                ? tables.render(kind, List.of(object), Long.parseLong(Meta.resourceVersion(object)), null,
                watch.includeObject())
                : object);
        return Json.text(event);
    }

    /** A BOOKMARK: an object of the watched kind that carries nothing but a resourceVersion. */
    String bookmark(WatchRequest watch, long resourceVersion, boolean initialEventsEnd) {
        ResourceType kind = watch.filter().type();
        ObjectNode object;
        if (watch.table()) {
            object = tables.render(kind, List.of(), resourceVersion, null, watch.includeObject());
        } else {
            object = Json.object();
            object.put("kind", kind.kind());
            object.put("apiVersion", kind.apiVersion());
            object.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
        }
        if (initialEventsEnd) {
            Meta.metadata(object).putObject("annotations").put(INITIAL_EVENTS_END, "true");
        }
        ObjectNode event = Json.object();
        event.put("type", "BOOKMARK");
        event.set("object", object);
        return Json.text(event);
    }

    /** What a watch from a version older than the history window gets: the client must list again. */
    static String expired() {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", "too old resource version");
        status.put("reason", "Expired");
        status.put("code", 410);
        ObjectNode event = Json.object();
        event.put("type", "ERROR");
        event.set("object", status);
        return Json.text(event);
    }
}
