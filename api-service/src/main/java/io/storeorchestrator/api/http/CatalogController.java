package io.storeorchestrator.api.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorBody;
import io.storeorchestrator.api.error.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.domain.Engine;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a store can be: the engines, the plans and the templates, straight from the {@link StoreCatalog} the API
 * validates with.
 */
@Controller("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog", description = "What a store can be: engines, versions, plans and templates")
@GuardedApi
public class CatalogController {

    private final StoreCatalog catalog;

    public CatalogController(StoreCatalog catalog) {
        this.catalog = catalog;
    }

    /** Every engine the platform knows; the ones this installation does not offer say {@code available: false}. */
    @Get("/engines")
    @Operation(summary = "The engines and their versions")
    public Views.EngineList engines() {
        return new Views.EngineList(Arrays.stream(Engine.values()).map(e -> Views.EngineView.of(e, catalog)).toList());
    }

    @Get("/plans")
    @Operation(summary = "The plans, with what a store on each gets")
    public Views.PlanList plans() {
        return new Views.PlanList(catalog.plans().stream().map(p -> Views.PlanView.of(p, catalog)).toList());
    }

    // Templates (issue 11)

    /** @param engine only this engine's templates; absent: every template */
    @Get("/templates")
    @Operation(summary = "The templates a new store may start from",
            description = "A template is installed once, after the store's app first serves: a WooCommerce theme and "
                    + "plugins, or a Medusa seed. POST /api/v1/stores takes one of its engine's as 'template'.")
    @ApiResponse(responseCode = "200", description = "In the catalog's order",
            content = @Content(schema = @Schema(implementation = Views.TemplateList.class)))
    @ApiResponse(responseCode = "400", description = "INVALID_ENGINE: an engine the platform does not know",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Views.TemplateList templates(@Schema(example = "woocommerce") @Nullable @QueryValue String engine) {
        Engine only = engine == null || engine.isBlank() ? null : Engine.fromId(engine).orElseThrow(() ->
                new ApiException(ErrorCode.INVALID_ENGINE, "Unknown engine; engines are: " + Arrays.stream(
                        Engine.values()).map(Engine::id).collect(Collectors.joining(", "))));
        return new Views.TemplateList(catalog.templates(only).stream().map(Views.TemplateView::of).toList());
    }
}
