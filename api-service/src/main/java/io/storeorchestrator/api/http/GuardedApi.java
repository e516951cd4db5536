package io.storeorchestrator.api.http;

import io.storeorchestrator.api.ApiApplication;
import io.storeorchestrator.api.error.ErrorBody;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For the OpenAPI spec: a controller behind {@code AccessFilter} (every {@code /api/**} route) needs the bearer key
 * and can answer what that filter answers before any controller runs — 401, 403 and 429 with the error body.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SecurityRequirement(name = ApiApplication.BEARER)
@ApiResponse(responseCode = "401", description = "UNAUTHENTICATED: no credential, or not a valid one",
        content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "403",
        description = "FORBIDDEN: a token of a tenant not registered here; on the tenants' operations, not the admin",
        content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "429", description = "RATE_LIMITED: see Retry-After",
        content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public @interface GuardedApi {
}
