package io.storeorchestrator.api.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.naming.StoreNames;

/**
 * A validated {@code POST /api/v1/stores} body. Parsed by hand from the raw text so that every way a body can be
 * wrong gets its own code (INVALID_JSON, VALIDATION_FAILED, INVALID_STORE_NAME, INVALID_ENGINE, ENGINE_UNAVAILABLE)
 * instead of a framework default. Unknown extra fields are ignored.
 */
public record CreateStoreRequest(String name, Engine engine) {

    /** The reader {@link #parse} needs: strict about trailing tokens. Build it once; readers are immutable. */
    public static ObjectReader reader(ObjectMapper json) {
        return json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public static CreateStoreRequest parse(String body, ObjectReader json, StoreCatalog catalog) {
        if (body == null || body.isBlank()) {
            throw ApiException.validation("A JSON body with 'name' and 'engine' is required");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(ErrorCode.INVALID_JSON, "Request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.validation("The body must be a JSON object with 'name' and 'engine'");
        }
        String name = requiredText(root, "name");
        String engineId = requiredText(root, "engine");
        StoreNames.problemWith(name).ifPresent(problem -> {
            throw new ApiException(ErrorCode.INVALID_STORE_NAME, problem);
        });
        return new CreateStoreRequest(name, engine(engineId, catalog));
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.validation("'" + field + "' is required");
        }
        if (!value.isTextual()) {
            throw ApiException.validation("'" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static Engine engine(String id, StoreCatalog catalog) {
        Engine engine = Engine.fromId(id).orElseThrow(() -> new ApiException(ErrorCode.INVALID_ENGINE,
                "Unknown engine; choose one of: " + catalog.availableEngineIds()));
        if (!catalog.available(engine)) {
            throw new ApiException(ErrorCode.ENGINE_UNAVAILABLE, "Engine '" + engine.id()
                    + "' is not offered here; choose one of: " + catalog.availableEngineIds());
        }
        return engine;
    }
}
