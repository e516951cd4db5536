package io.storeorchestrator.clustersim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.store.ResourceType;

/** A request the API server refuses, carrying the Kubernetes {@code Status} it answers with. */
public final class ApiException extends RuntimeException {

    private final int code;
    private final String reason;
    private final String name;
    private final ResourceType type;

    public ApiException(int code, String reason, String message, ResourceType type, String name) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.type = type;
        this.name = name;
    }

    public static ApiException notFound(ResourceType type, String name) {
        return new ApiException(404, "NotFound", type.qualifiedName() + " \"" + name + "\" not found", type, name);
    }

    public static ApiException alreadyExists(ResourceType type, String name) {
        return new ApiException(409, "AlreadyExists", type.qualifiedName() + " \"" + name + "\" already exists",
                type, name);
    }

    public static ApiException conflict(ResourceType type, String name) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedName() + " \""
                + name + "\": the object has been modified; please apply your changes to the latest version and "
                + "try again", type, name);
    }

    public static ApiException namespaceTerminating(ResourceType type, String name, String namespace) {
        return new ApiException(403, "Forbidden", type.qualifiedName() + " \"" + name + "\" is forbidden: unable to "
                + "create new content in namespace " + namespace + " because it is being terminated", type, name);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null, null);
    }

    public static ApiException invalid(ResourceType type, String name, String message) {
        return new ApiException(422, "Invalid", type.kind() + " \"" + name + "\" is invalid: " + message, type, name);
    }

    public static ApiException pathNotFound(String path) {
        return new ApiException(404, "NotFound", "the server could not find the requested resource (" + path + ")",
                null, null);
    }

    public static ApiException methodNotAllowed(String method, String path) {
        return new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested "
                + "resource (" + method + " " + path + ")", null, null);
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                + "accepted media types include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, "
                + "application/apply-patch+yaml (got " + contentType + ")", null, null);
    }

    public static ApiException internalError(String message) {
        return new ApiException(500, "InternalError", message, null, null);
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /** The {@code Status} object Kubernetes answers a failed request with. */
    public ObjectNode toStatus() {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", getMessage());
        status.put("reason", reason);
        if (type != null) {
            ObjectNode details = status.putObject("details");
            details.put("name", name);
            if (!type.group().isEmpty()) {
                details.put("group", type.group());
            }
            details.put("kind", type.plural());
        }
        status.put("code", code);
        return status;
    }
}
