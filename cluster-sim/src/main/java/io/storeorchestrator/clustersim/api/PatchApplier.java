package io.storeorchestrator.clustersim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import io.storeorchestrator.clustersim.store.Json;

/**
 * Applies patches to objects held as JSON trees. Server-side apply is approximated by a merge patch: the applied
 * fields win, fields the applier does not mention (status, a Service's allocated clusterIP) are kept, so applying the
 * same object twice changes nothing.
 */
public final class PatchApplier {

    private PatchApplier() {
    }

    /**
     * @param current the object to patch (not modified); null only for {@link PatchType#APPLY}, which then creates
     * @return the patched object
     */
    public static ObjectNode apply(PatchType type, ObjectNode current, JsonNode patch) {
        ObjectNode base = current == null ? Json.object() : current.deepCopy();
        return switch (type) {
            case APPLY, MERGE -> {
                if (!patch.isObject()) {
                    throw ApiException.badRequest("a merge or apply patch must be a JSON object");
                }
                yield (ObjectNode) mergePatch(base, patch);
            }
            case JSON_PATCH -> jsonPatch(base, patch);
        };
    }

    /** RFC 7386: objects merge recursively, null deletes, anything else (lists included) replaces. */
    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : Json.object();
        patch.properties().forEach(entry -> {
            if (entry.getValue().isNull()) {
                result.remove(entry.getKey());
            } else {
                result.set(entry.getKey(), mergePatch(result.get(entry.getKey()), entry.getValue()));
            }
        });
        return result;
    }

    private static ObjectNode jsonPatch(ObjectNode base, JsonNode patch) {
        if (!patch.isArray()) {
            throw ApiException.badRequest("a JSON patch must be an array of operations");
        }
        try {
            JsonNode patched = JsonPatch.apply(patch, base);
            if (!patched.isObject()) {
                throw ApiException.badRequest("the JSON patch did not produce an object");
            }
            return (ObjectNode) patched;
        } catch (JsonPatchException | IllegalArgumentException e) {
            throw new ApiException(422, "Invalid", "the JSON patch could not be applied: " + e.getMessage(), null, null);
        }
    }
}
