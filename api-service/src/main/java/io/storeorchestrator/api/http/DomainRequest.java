package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** A {@code POST /api/v1/stores/{id}/domains} body, {@code {"host": "shop.example.com"}}; the host is checked later. */
public record DomainRequest(@Schema(description = "A DNS name of two labels or more, not under the platform's base "
        + "domain; lower-cased", example = "shop.example.com", maxLength = 253,
        requiredMode = Schema.RequiredMode.REQUIRED) String host) {

    public static DomainRequest parse(@Nullable String body, ObjectReader json) {
        JsonNode root = JsonBodies.object(body, json, "'host'");
        return new DomainRequest(JsonBodies.requiredText(root, "host"));
    }
}
