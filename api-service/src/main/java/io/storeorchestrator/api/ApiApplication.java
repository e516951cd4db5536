package io.storeorchestrator.api;

import io.micronaut.runtime.Micronaut;
import io.storeorchestrator.common.management.ManagementPort;

/** Entry point of the api-service: REST API, transactional outbox relay and the consumer of worker events. */
public final class ApiApplication {

    private ApiApplication() {
    }

    public static void main(String[] args) {
        // No banner: logs are one JSON object per line (LOG_FORMAT), and Micronaut prints it before any configuration
        // (micronaut.banner.enabled) is read.
        Micronaut.build(args).mainClass(ApiApplication.class)
                .properties(ManagementPort.properties(System.getenv())).banner(false).start();
    }
}
