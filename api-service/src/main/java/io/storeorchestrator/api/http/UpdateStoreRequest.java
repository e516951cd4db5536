package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A {@code PATCH /api/v1/stores/{id}} body, {@code {"version"?, "plan"?}}, checked for shape only: whether the catalog
 * offers them, and whether they change anything, depends on the store (see
 * {@link io.storeorchestrator.api.store.RevisionDecisions#update}).
 *
 * @param plan    the plan asked for; null to keep it
 * @param version the engine version asked for; null to keep it
 */
public record UpdateStoreRequest(@Schema(example = "medium") @Nullable String plan,
                                 @Schema(example = "6.5") @Nullable String version) {

    public static UpdateStoreRequest parse(@Nullable String body, ObjectReader json) {
        JsonNode root = JsonBodies.object(body, json, "'version' and/or 'plan'");
        return new UpdateStoreRequest(JsonBodies.optionalText(root, "plan"), JsonBodies.optionalText(root, "version"));
    }
}
