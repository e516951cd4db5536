package io.storeorchestrator.api.error;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one error type of the API: a code (which fixes the HTTP status) and a message a client can act on. */
public final class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    private ApiException(ErrorCode code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.code = code;
        this.headers = headers;
    }

    public ErrorCode code() {
        return code;
    }

    /** Response headers that go with the error (Retry-After). */
    public Map<String, String> headers() {
        return headers;
    }

    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(code, getMessage(), Map.copyOf(more));
    }

    public static ApiException validation(String message) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
    }
}
