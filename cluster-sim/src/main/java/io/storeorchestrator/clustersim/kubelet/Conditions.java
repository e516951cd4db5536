package io.storeorchestrator.clustersim.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.store.Json;

/**
 * Builds status condition lists. A condition whose status did not change keeps its old transition time, so
 * recomputing an unchanged status is a no-op write (no new resourceVersion, no event).
 */
final class Conditions {

    private final ArrayNode conditions = Json.MAPPER.createArrayNode();
    private final JsonNode previous;
    private final String now;

    Conditions(JsonNode previous, String now) {
        this.previous = previous == null ? Json.MAPPER.createArrayNode() : previous;
        this.now = now;
    }

    Conditions add(String type, boolean status, String reason, String message) {
        ObjectNode condition = conditions.addObject();
        condition.put("type", type);
        condition.put("status", status ? "True" : "False");
        String transitionTime = now;
        for (JsonNode old : previous) {
            if (old.path("type").asText().equals(type) && old.path("status").asText().equals(status ? "True" : "False")) {
                transitionTime = old.path("lastTransitionTime").asText(now);
            }
        }
        condition.put("lastTransitionTime", transitionTime);
        if (reason != null) {
            condition.put("reason", reason);
        }
        if (message != null) {
            condition.put("message", message);
        }
        return this;
    }

    ArrayNode build() {
        return conditions;
    }
}
