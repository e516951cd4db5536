package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.error.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.UUID;

/** A {@code POST /api/v1/stores/{id}/restore} body, {@code {"backup": "<backup id>"}}. */
public record RestoreRequest(@Schema(description = "One of the store's SUCCEEDED backups", format = "uuid",
        requiredMode = Schema.RequiredMode.REQUIRED) UUID backup) {

    public static RestoreRequest parse(@Nullable String body, ObjectReader json) {
        JsonNode root = JsonBodies.object(body, json, "'backup'");
        JsonNode value = root.get("backup");
        if (value == null || value.isNull()) {
            throw ApiException.validation("'backup' is required");
        }
        if (!value.isTextual()) {
            throw ApiException.validation("'backup' must be a backup id (a UUID string)");
        }
        try {
            return new RestoreRequest(UUID.fromString(value.textValue()));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("'backup' must be a backup id (a UUID string)");
        }
    }
}
