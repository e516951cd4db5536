package io.storeorchestrator.api;

import io.micronaut.runtime.Micronaut;

/** Entry point of the api-service: REST API, transactional outbox relay and the consumer of worker events. */
public final class ApiApplication {

    private ApiApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(ApiApplication.class, args);
    }
}
