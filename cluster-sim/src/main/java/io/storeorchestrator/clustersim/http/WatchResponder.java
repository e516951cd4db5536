package io.storeorchestrator.clustersim.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.storeorchestrator.clustersim.api.ObjectList;
import io.storeorchestrator.clustersim.api.ResourceApi;
import io.storeorchestrator.clustersim.store.FieldSelector;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.store.LabelSelector;
import io.storeorchestrator.clustersim.store.Meta;
import io.storeorchestrator.clustersim.store.ObjectStore;
import io.storeorchestrator.clustersim.store.StoreEvent;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code ?watch=true} as long polling. The mock server can only send whole responses, so a watch answers with the
 * events after the requested resourceVersion (from the store's history) and ends; with nothing to report it waits
 * a moment first. Watch clients (kubectl's reflectors, {@code kubectl delete --wait}) simply re-watch from the last
 * version they saw, so they see every event, a little late.
 */
final class WatchResponder {

    private final ResourceApi api;
    private final ObjectStore store;
    private final TableRenderer tables;
    private final Duration idleWait;

    WatchResponder(ResourceApi api, TableRenderer tables, Duration idleWait) {
        this.api = api;
        this.store = api.store();
        this.tables = tables;
        this.idleWait = idleWait;
    }

    MockResponse respond(ApiRequest request, ResourcePath path) {
        LabelSelector labels = LabelSelector.parse(request.param("labelSelector"));
        FieldSelector fields = FieldSelector.parse(request.param("fieldSelector"));
        String namespace = path.namespace();
        String name = path.name();
        Predicate<StoreEvent> matches = event -> event.key().type() == path.type()
                && (namespace == null || event.key().namespace().equals(namespace))
                && (name == null || event.key().name().equals(name))
                && labels.matches(Meta.labels(event.object()))
                && fields.matches(event.object());
        String from = request.param("resourceVersion");
        List<ObjectNode> events = new ArrayList<>();
        if (from.isEmpty() || from.equals("0")) {
            // A watch without a version starts with the current state, as synthetic ADDED events.
            ObjectList current = api.list(path.type(), namespace, labels, fields, 0, null);
            current.items().stream()
                    .filter(o -> name == null || Meta.name(o).equals(name))
                    .forEach(o -> events.add(event("ADDED", o, request, path)));
        } else {
            Optional<List<StoreEvent>> since = store.history().since(parseVersion(from), matches);
            if (since.isEmpty()) {
                events.add(expired());
            } else {
                since.get().forEach(e -> events.add(event(e.type().name(), e.object(), request, path)));
            }
        }
        MockResponse response = new MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "application/json");
        if (events.isEmpty()) {
            return response.setBody("\n").setBodyDelay(idleWait);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (ObjectNode event : events) {
            body.writeBytes(Json.bytes(event));
            body.write('\n');
        }
        return response.setBody(body.toByteArray());
    }

    private ObjectNode event(String type, ObjectNode object, ApiRequest request, ResourcePath path) {
        ObjectNode event = Json.object();
        event.put("type", type);
        if (request.wantsTable()) {
            event.set("object", tables.render(path.type(), List.of(object), Long.parseLong(Meta.resourceVersion(object)),
                    null, request.param("includeObject")));
        } else {
            event.set("object", object);
        }
        return event;
    }

    private static ObjectNode expired() {
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
        return event;
    }

    private static long parseVersion(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid resourceVersion: " + version, e);
        }
    }
}
