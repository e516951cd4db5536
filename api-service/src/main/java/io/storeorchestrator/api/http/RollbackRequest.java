package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.error.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A {@code POST /api/v1/stores/{id}/rollback} body, {@code {"revision": n}}: n a positive integer (a JSON number
 * without a fraction; {@code "2"} and {@code 2.0} are refused).
 */
public record RollbackRequest(@Schema(description = "An earlier revision that served", minimum = "1", example = "1",
                                      requiredMode = Schema.RequiredMode.REQUIRED) int revision) {

    public static RollbackRequest parse(@Nullable String body, ObjectReader json) {
        JsonNode root = JsonBodies.object(body, json, "'revision'");
        JsonNode value = root.get("revision");
        if (value == null || value.isNull()) {
            throw ApiException.validation("'revision' is required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
            throw ApiException.validation("'revision' must be a positive integer");
        }
        return new RollbackRequest(value.intValue());
    }
}
