package io.storeorchestrator.api;

import io.micronaut.runtime.Micronaut;
import io.storeorchestrator.common.management.ManagementPort;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** Entry point of the api-service: REST API, transactional outbox relay and the consumer of worker events. */
@OpenAPIDefinition(info = @Info(title = "Store Orchestrator API", version = "${project.version}", description = """
        Self-service stores on Kubernetes: create, watch, update, roll back and delete isolated e-commerce stores.
        Every `/api` call needs `Authorization: Bearer <key>` (an API key `so_…`, or an OIDC token where configured).
        Every error a client can cause is a 4xx with the body `{"error":{"code","message"}}`; `code` is one of the
        values listed in the `ErrorBody` schema. The guide is docs/api.md in the repository."""))
@SecurityScheme(name = ApiApplication.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API key (`so_…`) or, where OIDC is configured, a token from the identity provider")
public final class ApiApplication {

    /** The security scheme every /api operation requires (controllers name it in @SecurityRequirement). */
    public static final String BEARER = "bearer";

    private ApiApplication() {
    }

    public static void main(String[] args) {
        // No banner: logs are one JSON object per line (LOG_FORMAT), and Micronaut prints it before any configuration
        // (micronaut.banner.enabled) is read.
        Micronaut.build(args).mainClass(ApiApplication.class)
                .properties(ManagementPort.properties(System.getenv())).banner(false).start();
    }
}
