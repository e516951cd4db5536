package io.storeorchestrator.api.error;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Shapes every error response, ours and Micronaut's own (404 on unknown routes, 405, 415, unreadable bodies,
 * unhandled exceptions), as {@code {"error":{"code","message"}}}. Declaring this bean replaces Micronaut's default
 * processor, which is only registered when no other {@link ErrorResponseProcessor} exists.
 */
@Singleton
public final class ApiErrorResponseProcessor implements ErrorResponseProcessor<ErrorBody> {

    /** Seconds a client should wait before retrying when the database is down. */
    static final String RETRY_AFTER_SECONDS = "5";

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        String frameworkText = context.getErrors().stream().map(Error::getMessage).findFirst().orElse(null);
        ErrorClassifier.Classified error = ErrorClassifier.classify(
                response.getStatus(), context.getRootCause().orElse(null), frameworkText);
        response.status(error.status());
        if (error.code() == ErrorCode.DATABASE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (error.code() == ErrorCode.UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (context.getRootCause().orElse(null) instanceof ApiException api) {
            api.headers().forEach(response::header);
        }
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return (MutableHttpResponse<ErrorBody>) response;
        }
        return response.body(ErrorBody.of(error.code(), error.message())).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
