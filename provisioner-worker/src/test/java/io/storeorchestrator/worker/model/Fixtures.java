package io.storeorchestrator.worker.model;

import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.naming.StoreNames;

import java.util.UUID;

final class Fixtures {

    static final UUID ID = UUID.fromString("5f0c1c1e-8a57-4f7e-9a8e-0d2b6a3c4d5e");

    private Fixtures() {
    }

    static StoreSpec store(Engine engine) {
        return new StoreSpec(ID, "shop", engine, 3, StoreNames.namespaceFor(ID), "shop.localtest.me");
    }

    static StoreSpec woo() {
        return store(Engine.WOOCOMMERCE);
    }
}
