package io.storeorchestrator.clustersim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.store.Meta;
import io.storeorchestrator.clustersim.store.ResourceType;

/** JSON responses in the shapes the Kubernetes API uses. */
final class Responses {

    private Responses() {
    }

    static MockResponse json(int code, JsonNode body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(Json.bytes(body));
    }

    /** The {@code Status} a successful, immediate delete answers with. */
    static ObjectNode success(ResourceType type, ObjectNode deleted) {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        ObjectNode details = status.putObject("details");
        details.put("name", Meta.name(deleted));
        if (!type.group().isEmpty()) {
            details.put("group", type.group());
        }
        details.put("kind", type.plural());
        details.put("uid", Meta.uid(deleted));
        return status;
    }
}
