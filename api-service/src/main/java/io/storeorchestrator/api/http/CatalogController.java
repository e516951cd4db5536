package io.storeorchestrator.api.http;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.domain.Engine;

import java.util.Arrays;

/** What a store can be: the engines and the plans, straight from the {@link StoreCatalog} the API validates with. */
@Controller("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog", description = "What a store can be: engines, versions and plans")
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
}
