package io.storeorchestrator.api.error;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of every error response: {@code {"error":{"code":"…","message":"…"}}}. */
@Schema(name = "ErrorBody", description = "Every error a client can cause: a 4xx with this body")
public record ErrorBody(Detail error) {

    /** The code a program switches on (one of {@link ErrorCode}), and a message for a person. */
    @Schema(name = "ErrorDetail")
    public record Detail(@Schema(implementation = ErrorCode.class, example = "NOT_FOUND") String code,
                         @Schema(description = "For a person", example = "No such store") String message) {
    }

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(new Detail(code.name(), message));
    }
}
