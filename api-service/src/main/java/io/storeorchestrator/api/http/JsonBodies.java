package io.storeorchestrator.api.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;

/**
 * Reads request bodies by hand from their raw text, so every way a body can be wrong gets its code (INVALID_JSON,
 * VALIDATION_FAILED) instead of a framework default. Unknown extra fields are ignored.
 */
final class JsonBodies {

    private JsonBodies() {
    }

    /** The reader {@link #object} needs: strict about trailing tokens. Build it once; readers are immutable. */
    static ObjectReader reader(ObjectMapper json) {
        return json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** @param expected what the body must hold, for the messages ({@code 'name' and 'engine'}) */
    static JsonNode object(@Nullable String body, ObjectReader json, String expected) {
        if (body == null || body.isBlank()) {
            throw ApiException.validation("A JSON body with " + expected + " is required");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(ErrorCode.INVALID_JSON, "Request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.validation("The body must be a JSON object with " + expected);
        }
        return root;
    }

    static String requiredText(JsonNode root, String field) {
        String value = optionalText(root, field);
        if (value == null) {
            throw ApiException.validation("'" + field + "' is required");
        }
        return value;
    }

    /** The field's text; null when it is absent or null. */
    static @Nullable String optionalText(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.validation("'" + field + "' must be a string");
        }
        return value.textValue();
    }
}
