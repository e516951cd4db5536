package io.storeorchestrator.api.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonSyntaxException;
import io.storeorchestrator.common.database.DatabaseFailures;

/**
 * Decides which {@link ErrorCode} and message an error response carries, for our own {@link ApiException}s and for
 * everything Micronaut produces itself (unknown route, wrong method, unreadable body, ...). Pure, so it is unit-tested.
 */
public final class ErrorClassifier {

    static final String INTERNAL_MESSAGE = "An unexpected error occurred; it has been logged.";
    static final String DATABASE_MESSAGE = "The database is unavailable; please retry shortly.";

    /** A classified error: what the client is told. */
    public record Classified(ErrorCode code, String message) {
        public HttpStatus status() {
            return code.status();
        }
    }

    private ErrorClassifier() {
    }

    /**
     * @param status         the status Micronaut chose for the response
     * @param cause          the exception behind it, if any
     * @param frameworkText  Micronaut's own message for it, if any
     */
    public static Classified classify(HttpStatus status, Throwable cause, String frameworkText) {
        if (cause instanceof ApiException api) {
            return new Classified(api.code(), api.getMessage());
        }
        if (cause != null && DatabaseFailures.isUnavailable(cause)) {
            return new Classified(ErrorCode.DATABASE_UNAVAILABLE, DATABASE_MESSAGE);
        }
        if (status.getCode() >= 500) {
            // Never echo exception text to clients: it may name tables, hosts or worse. The log has the details.
            return new Classified(ErrorCode.INTERNAL_ERROR, INTERNAL_MESSAGE);
        }
        return switch (status) {
            case BAD_REQUEST -> badRequest(cause, frameworkText);
            case UNAUTHORIZED -> new Classified(ErrorCode.UNAUTHENTICATED, "Authentication is required");
            case FORBIDDEN -> new Classified(ErrorCode.FORBIDDEN, "Not allowed");
            case NOT_FOUND -> new Classified(ErrorCode.NOT_FOUND, "No such resource");
            case METHOD_NOT_ALLOWED -> new Classified(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed on this resource");
            case NOT_ACCEPTABLE -> new Classified(ErrorCode.NOT_ACCEPTABLE, "This resource only produces application/json");
            case UNSUPPORTED_MEDIA_TYPE -> new Classified(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Request bodies must be application/json");
            // Netty answers 413 for headers over its limit (8 KB) as well as for a body over max-request-size.
            case REQUEST_ENTITY_TOO_LARGE -> new Classified(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request is too large (its body, or its headers)");
            default -> new Classified(ErrorCode.BAD_REQUEST, status.getReason());
        };
    }

    private static Classified badRequest(Throwable cause, String frameworkText) {
        if (isJsonSyntax(cause)) {
            return new Classified(ErrorCode.INVALID_JSON, "Request body is not valid JSON");
        }
        String message = frameworkText == null || frameworkText.isBlank() ? "Invalid request" : abbreviate(frameworkText);
        return new Classified(ErrorCode.VALIDATION_FAILED, message);
    }

    private static boolean isJsonSyntax(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof JsonSyntaxException) {
                return true;
            }
            if (t instanceof JsonProcessingException && !(t instanceof JsonMappingException)) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
