package io.storeorchestrator.common.catalog;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The one {@link StoreCatalog} of a service, read at start so a bad catalog stops the service with its reason. */
@Factory
public class CatalogFactory {

    @Singleton
    StoreCatalog storeCatalog(CatalogSettings settings) {
        return StoreCatalogLoader.load(settings.file());
    }
}
