package io.storeorchestrator.worker.model;

import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.naming.StoreNames;

import java.util.UUID;

final class Fixtures {

    static final StoreCatalog CATALOG = StoreCatalogLoader.defaults();
    static final UUID ID = UUID.fromString("5f0c1c1e-8a57-4f7e-9a8e-0d2b6a3c4d5e");

    private Fixtures() {
    }

    static StoreSpec store(Engine engine) {
        StoreCatalog.Choice defaults = CATALOG.choose(engine, null, null);
        return new StoreSpec(ID, "shop", engine, 3, StoreNames.namespaceFor(ID), "shop.localtest.me",
                defaults.plan(), defaults.version(), 1);
    }

    /** {@code store} on another plan of the default catalog. */
    static StoreSpec onPlan(StoreSpec store, String plan) {
        return new StoreSpec(store.id(), store.name(), store.engine(), store.generation(), store.namespace(),
                store.host(), CATALOG.plan(plan).orElseThrow(), store.version(), store.revision());
    }

    static StoreSpec woo() {
        return store(Engine.WOOCOMMERCE);
    }
}
