package io.storeorchestrator.api.http;

import io.storeorchestrator.api.error.ErrorBody;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For the OpenAPI spec: an operation that reads a JSON body can be refused before it runs, by the server's size limit
 * ({@code max-request-size}) or for a body that is not JSON — 413 and 415 with the error body.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "413", description = "PAYLOAD_TOO_LARGE",
        content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "415", description = "UNSUPPORTED_MEDIA_TYPE: send application/json",
        content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public @interface JsonBodyErrors {
}
