package io.storeorchestrator.clustersim.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes the well-known fields of a Kubernetes object held as a JSON tree. */
public final class Meta {

    private Meta() {
    }

    public static ObjectNode metadata(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        if (metadata instanceof ObjectNode node) {
            return node;
        }
        return object.putObject("metadata");
    }

    public static String name(JsonNode object) {
        return object.path("metadata").path("name").asText("");
    }

    public static String namespace(JsonNode object) {
        return object.path("metadata").path("namespace").asText("");
    }

    public static String uid(JsonNode object) {
        return object.path("metadata").path("uid").asText("");
    }

    public static String resourceVersion(JsonNode object) {
        return object.path("metadata").path("resourceVersion").asText("");
    }

    public static long generation(JsonNode object) {
        return object.path("metadata").path("generation").asLong(0);
    }

    public static Map<String, String> labels(JsonNode object) {
        return stringMap(object.path("metadata").path("labels"));
    }

    public static Map<String, String> annotations(JsonNode object) {
        return stringMap(object.path("metadata").path("annotations"));
    }

    public static boolean isTerminating(JsonNode object) {
        return object.path("metadata").hasNonNull("deletionTimestamp");
    }

    /** The uids named in {@code metadata.ownerReferences}. */
    public static List<String> ownerUids(JsonNode object) {
        List<String> uids = new ArrayList<>();
        for (JsonNode reference : object.path("metadata").path("ownerReferences")) {
            String uid = reference.path("uid").asText("");
            if (!uid.isEmpty()) {
                uids.add(uid);
            }
        }
        return uids;
    }

    /** Follows a dotted path ({@code status.phase}); missing fields read as empty text. */
    public static String textAt(JsonNode object, String dottedPath) {
        JsonNode node = object;
        for (String part : dottedPath.split("\\.")) {
            node = node.path(part);
        }
        return node.isValueNode() ? node.asText() : "";
    }

    public static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
