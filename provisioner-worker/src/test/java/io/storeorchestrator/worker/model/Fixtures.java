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

    /** {@code store} on a version of its engine that runs without Redis. */
    static StoreSpec withoutRedis(StoreSpec store) {
        io.storeorchestrator.common.catalog.EngineVersion version = store.version();
        return new StoreSpec(store.id(), store.name(), store.engine(), store.generation(), store.namespace(),
                store.host(), store.plan(), new io.storeorchestrator.common.catalog.EngineVersion(version.version(),
                version.image(), false), store.revision());
    }

    static StoreSpec atRevision(StoreSpec store, int revision) {
        return new StoreSpec(store.id(), store.name(), store.engine(), store.generation(), store.namespace(),
                store.host(), store.plan(), store.version(), revision);
    }

    static StoreSpec medusa() {
        return store(Engine.MEDUSA);
    }

    static StoreSpec woo() {
        return store(Engine.WOOCOMMERCE);
    }
}
