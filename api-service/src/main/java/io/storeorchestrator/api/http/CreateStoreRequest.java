package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.store.ExpiryChange;
import io.storeorchestrator.api.store.RevisionDecisions;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreTemplate;
import io.storeorchestrator.common.catalog.UnknownChoiceException;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.naming.StoreNames;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A validated {@code POST /api/v1/stores} body:
 * {@code {"name","engine","plan"?,"version"?,"ttl"?|"expiresAt"?,"template"?}}. Every way it can be wrong has its code
 * (INVALID_JSON, VALIDATION_FAILED, INVALID_STORE_NAME, INVALID_ENGINE, ENGINE_UNAVAILABLE, INVALID_PLAN,
 * INVALID_VERSION, INVALID_EXPIRY, INVALID_TEMPLATE). The plan and version are resolved by the catalog: absent, they
 * are its defaults.
 *
 * @param choice     the plan and engine version the store gets
 * @param expiry     the expiry asked for ({@link ExpiryRequest}); null when the body names none, so the tenant's or the
 *                   installation's default applies
 * @param template   the catalog template the store starts from, one of its engine's; null for none
 * @param fromBackup a backup to restore into the new store once it is provisioned (a clone); null for none
 */
public record CreateStoreRequest(String name, Engine engine, StoreCatalog.Choice choice,
                                 @Nullable ExpiryChange expiry, @Nullable StoreTemplate template,
                                 @Nullable java.util.UUID fromBackup) {

    /** A store created empty, from no template. */
    public CreateStoreRequest(String name, Engine engine, StoreCatalog.Choice choice, @Nullable ExpiryChange expiry) {
        this(name, engine, choice, expiry, null, null);
    }

    private static final String EXPECTED = "'name' and 'engine'";

    /**
     * A new store: its name, its engine, and optionally its plan, engine version, expiry and template.
     * (The body as sent, for the OpenAPI spec only: {@link #parse} reads it by hand so each mistake has its code.)
     */
    @Schema(name = "CreateStoreRequest", description = "A new store: its name, its engine, and optionally its plan, "
            + "engine version, expiry and template")
    public record Body(
            @Schema(description = "A DNS label, 3 to 30 characters, unique among live stores", example = "my-shop",
                    requiredMode = Schema.RequiredMode.REQUIRED) String name,
            @Schema(description = "An engine id from GET /api/v1/engines", example = "woocommerce",
                    requiredMode = Schema.RequiredMode.REQUIRED) String engine,
            @Schema(description = "A plan id from GET /api/v1/plans; absent: the default plan", example = "small",
                    nullable = true) String plan,
            @Schema(description = "One of the engine's versions; absent: its default", example = "6.6",
                    nullable = true) String version,
            @Schema(description = "Time to live, a Go duration, 10s to 8760h; absent: the tenant's or the "
                    + "installation's default; null: no expiry. Not with expiresAt", example = "72h",
                    nullable = true) String ttl,
            @Schema(description = "When the store expires, an ISO-8601 instant 10 s to 365 days ahead. Not with ttl",
                    example = "2027-01-31T12:00:00Z", nullable = true) String expiresAt,
            @Schema(description = "A template id of the store's engine from GET /api/v1/templates, installed once "
                    + "after the app first serves; absent: none", example = "woo-storefront",
                    nullable = true) String template,
            @Schema(description = "Backups and restore (issue 11): a SUCCEEDED backup of one of the caller's stores, of "
                    + "the same engine, restored into the new store once it is provisioned (a clone)", format = "uuid",
                    nullable = true) String fromBackup) {
    }

    /** The reader {@link #parse} needs. */
    public static ObjectReader reader(ObjectMapper json) {
        return JsonBodies.reader(json);
    }

    public static CreateStoreRequest parse(String body, ObjectReader json, StoreCatalog catalog) {
        JsonNode root = JsonBodies.object(body, json, EXPECTED);
        String name = JsonBodies.requiredText(root, "name");
        String engineId = JsonBodies.requiredText(root, "engine");
        String plan = JsonBodies.optionalText(root, "plan");
        String version = JsonBodies.optionalText(root, "version");
        String template = JsonBodies.optionalText(root, "template");
        ExpiryChange expiry = ExpiryRequest.parse(root, java.time.Instant.now()).orElse(null);
        java.util.UUID fromBackup = fromBackup(JsonBodies.optionalText(root, "fromBackup"));
        StoreNames.problemWith(name).ifPresent(problem -> {
            throw new ApiException(ErrorCode.INVALID_STORE_NAME, problem);
        });
        Engine engine = engine(engineId, catalog);
        try {
            return new CreateStoreRequest(name, engine, catalog.choose(engine, plan, version), expiry,
                    catalog.chooseTemplate(engine, template).orElse(null), fromBackup);
        } catch (UnknownChoiceException e) {
            throw RevisionDecisions.choiceError(e, "");
        }
    }

    private static java.util.UUID fromBackup(@Nullable String id) {
        if (id == null) {
            return null;
        }
        try {
            return java.util.UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("'fromBackup' must be a backup id (a UUID string)");
        }
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
