package io.storeorchestrator.api.error;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ErrorResponseProcessorExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** Hands {@link ApiException}s to the {@link ApiErrorResponseProcessor}, the one place error bodies are made. */
@Singleton
public final class ApiExceptionHandler extends ErrorResponseProcessorExceptionHandler<ApiException> {

    public ApiExceptionHandler(ErrorResponseProcessor<?> responseProcessor) {
        super(responseProcessor);
    }

    @Override
    protected MutableHttpResponse<?> createResponse(ApiException exception) {
        return HttpResponse.status(exception.code().status());
    }
}
