package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.store.ExpiryChange;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * A {@code PATCH /api/v1/stores/{id}} body, {@code {"version"?, "plan"?, "ttl"?|"expiresAt"?}}, checked for shape
 * only: whether the catalog offers the plan and version, and whether they change anything, depends on the store (see
 * {@link io.storeorchestrator.api.store.RevisionDecisions#update}). A body with only {@code ttl} or {@code expiresAt}
 * changes the expiry alone: no revision, no command.
 *
 * @param plan    the plan asked for; null to keep it
 * @param version the engine version asked for; null to keep it
 * @param expiry  the new expiry ({@code "expiresAt": null} clears it); null to keep it
 */
public record UpdateStoreRequest(@Nullable String plan, @Nullable String version, @Nullable ExpiryChange expiry) {

    /**
     * The body as sent, for the OpenAPI spec only: {@link #parse} reads it by hand so each mistake has its code.
     */
    @Schema(name = "UpdateStoreRequest", description = "Another version and/or plan (a new revision), and/or a new "
            + "expiry: ttl or expiresAt, not both; only these two: the expiry alone changes (200)")
    public record Body(
            @Schema(example = "medium", nullable = true) String plan,
            @Schema(example = "6.5", nullable = true) String version,
            @Schema(description = "A Go duration from now, 10s to 8760h; null: no expiry", example = "72h",
                    nullable = true) String ttl,
            @Schema(description = "An ISO-8601 instant 10 s to 365 days ahead; null: no expiry",
                    example = "2027-01-31T12:00:00Z", nullable = true) String expiresAt) {
    }

    public UpdateStoreRequest(@Nullable String plan, @Nullable String version) {
        this(plan, version, null);
    }

    public static UpdateStoreRequest parse(@Nullable String body, ObjectReader json) {
        return parse(body, json, Instant.now());
    }

    static UpdateStoreRequest parse(@Nullable String body, ObjectReader json, Instant now) {
        JsonNode root = JsonBodies.object(body, json, "'version' and/or 'plan', or 'ttl' or 'expiresAt'");
        return new UpdateStoreRequest(JsonBodies.optionalText(root, "plan"), JsonBodies.optionalText(root, "version"),
                ExpiryRequest.parse(root, now).orElse(null));
    }

    /** Only the expiry changes: no update is started. */
    public boolean expiryOnly() {
        return expiry != null && plan == null && version == null;
    }
}
