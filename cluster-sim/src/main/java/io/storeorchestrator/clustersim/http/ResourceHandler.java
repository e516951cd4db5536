package io.storeorchestrator.clustersim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.storeorchestrator.clustersim.api.ApiException;
import io.storeorchestrator.clustersim.api.ObjectList;
import io.storeorchestrator.clustersim.api.PatchType;
import io.storeorchestrator.clustersim.api.ResourceApi;
import io.storeorchestrator.clustersim.store.FieldSelector;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.store.LabelSelector;
import io.storeorchestrator.clustersim.store.Meta;
import io.storeorchestrator.clustersim.store.ObjectKey;
import io.storeorchestrator.clustersim.store.ResourceTypes;

import java.util.List;

/** The verbs on resource URLs: get, list, watch, create, update, patch, delete, deletecollection. */
final class ResourceHandler {

    private final ResourceApi api;
    private final TableRenderer tables;
    private final Watches watches;

    ResourceHandler(ResourceApi api, TableRenderer tables, Watches watches) {
        this.api = api;
        this.tables = tables;
        this.watches = watches;
    }

    MockResponse handle(ApiRequest request, ResourcePath path) {
        if (path.subresource() != null && !path.isStatus()) {
            throw ApiException.pathNotFound(request.path());
        }
        return switch (request.method()) {
            case "GET" -> {
                if (request.flag("watch")) {
                    yield watches.respond(request, path);
                }
                yield path.name() == null ? list(request, path) : get(request, path);
            }
            case "POST" -> {
                if (path.name() != null) {
                    throw ApiException.methodNotAllowed(request.method(), request.path());
                }
                yield Responses.json(201, api.create(path.type(), path.namespace(), body(request)));
            }
            case "PUT" -> Responses.json(200, api.replace(key(request, path), body(request), path.isStatus()));
            case "PATCH" -> patch(request, path);
            case "DELETE" -> path.name() == null ? deleteCollection(request, path) : delete(request, path);
            default -> throw ApiException.methodNotAllowed(request.method(), request.path());
        };
    }

    private MockResponse get(ApiRequest request, ResourcePath path) {
        ObjectNode object = api.get(key(request, path));
        if (request.wantsTable()) {
            return Responses.json(200, tables.render(path.type(), List.of(object),
                    Long.parseLong(Meta.resourceVersion(object)), null, request.param("includeObject")));
        }
        return Responses.json(200, object);
    }

    private MockResponse list(ApiRequest request, ResourcePath path) {
        ObjectList list = select(request, path);
        if (request.wantsTable()) {
            return Responses.json(200, tables.render(path.type(), list.items(), list.resourceVersion(),
                    list.continueToken(), request.param("includeObject")));
        }
        ObjectNode body = Json.object();
        body.put("kind", path.type().listKind());
        body.put("apiVersion", path.type().apiVersion());
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("resourceVersion", Long.toString(list.resourceVersion()));
        if (list.continueToken() != null) {
            metadata.put("continue", list.continueToken());
            metadata.put("remainingItemCount", list.remainingItemCount());
        }
        ArrayNode items = body.putArray("items");
        list.items().forEach(items::add);
        return Responses.json(200, body);
    }

    private MockResponse patch(ApiRequest request, ResourcePath path) {
        PatchType type = PatchType.fromContentType(request.contentType());
        if (!request.hasBody()) {
            throw ApiException.badRequest("the patch body is empty");
        }
        JsonNode patch = Json.parse(request.body());
        ObjectKey key = key(request, path);
        boolean existed = api.store().get(key).isPresent();
        ObjectNode result = api.patch(key, type, patch, path.isStatus());
        return Responses.json(existed ? 200 : 201, result);
    }

    private MockResponse delete(ApiRequest request, ResourcePath path) {
        ObjectNode deleted = api.delete(key(request, path));
        if (path.type() == ResourceTypes.NAMESPACE) {
            // Graceful deletion: the namespace is still there, Terminating, and the answer shows it.
            return Responses.json(200, deleted);
        }
        return Responses.json(200, Responses.success(path.type(), deleted));
    }

    private MockResponse deleteCollection(ApiRequest request, ResourcePath path) {
        if (path.type() == ResourceTypes.NAMESPACE) {
            throw ApiException.methodNotAllowed(request.method(), request.path());
        }
        ObjectList list = select(request, path);
        ObjectNode body = Json.object();
        body.put("kind", path.type().listKind());
        body.put("apiVersion", path.type().apiVersion());
        body.putObject("metadata");
        ArrayNode items = body.putArray("items");
        for (ObjectNode object : list.items()) {
            try {
                items.add(api.delete(ObjectKey.of(path.type(), Meta.namespace(object), Meta.name(object))));
            } catch (ApiException e) {
                // Deleted meanwhile (garbage collection of an earlier item): nothing left to do.
            }
        }
        return Responses.json(200, body);
    }

    private ObjectList select(ApiRequest request, ResourcePath path) {
        return api.list(path.type(), path.namespace(), LabelSelector.parse(request.param("labelSelector")),
                FieldSelector.parse(request.param("fieldSelector")), request.intParam("limit"),
                request.param("continue"));
    }

    private static ObjectKey key(ApiRequest request, ResourcePath path) {
        if (path.name() == null) {
            throw ApiException.methodNotAllowed(request.method(), request.path());
        }
        if (path.type().namespaced() && path.namespace() == null) {
            throw ApiException.pathNotFound(request.path());
        }
        return ObjectKey.of(path.type(), path.namespace(), path.name());
    }

    private static ObjectNode body(ApiRequest request) {
        if (request.contentType().contains("protobuf") || request.contentType().contains("cbor")) {
            // kubectl's typed commands (create namespace, create secret) send protobuf; the simulator speaks JSON.
            throw ApiException.unsupportedMediaType(request.contentType());
        }
        if (!request.hasBody()) {
            throw ApiException.badRequest("the request body is empty");
        }
        JsonNode body = Json.parse(request.body());
        if (!body.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        return (ObjectNode) body;
    }
}
