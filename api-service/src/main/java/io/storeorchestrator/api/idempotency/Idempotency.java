package io.storeorchestrator.api.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.transaction.TransactionOperations;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.auth.ApiKeys;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.sql.Connection;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on POSTs. The first request with a key runs in one transaction with the claim of the key and
 * the record of its response, so what it did and the answer it gave commit together; a second request with the same
 * key (and the same method, path and body) within the TTL gets that answer again and does nothing. A concurrent one
 * waits for the first to commit, then replays it. Only successful answers are kept: an error rolls the claim back,
 * so the request may be retried as is. Keys are per tenant: two tenants' identical keys never meet.
 */
@Singleton
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    /** Set on a replayed answer. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final IdempotencyRepository keys;
    private final TransactionOperations<Connection> transactions;
    private final ObjectMapper json;

    public Idempotency(IdempotencyRepository keys, TransactionOperations<Connection> transactions, ObjectMapper json) {
        this.keys = keys;
        this.transactions = transactions;
        this.json = json;
    }

    /**
     * Runs {@code action} for the request, or replays its recorded answer.
     *
     * @param body the raw request body (part of what must match on a replay)
     */
    public HttpResponse<?> run(Caller caller, HttpRequest<?> request, @Nullable String body,
                               Supplier<? extends HttpResponse<?>> action) {
        String key = request.getHeaders().get(HEADER);
        if (key == null) {
            return action.get();
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.validation("'" + HEADER + "' must be 1 to 255 printable ASCII characters");
        }
        String scope = caller.idempotencyScope();
        byte[] fingerprint = fingerprint(request, body);
        return transactions.executeWrite(status -> {
            if (!keys.claim(scope, key, fingerprint)) {
                IdempotencyRepository.Recorded recorded = keys.find(scope, key).orElseThrow(
                        () -> new IllegalStateException("idempotency key vanished between claim and read"));
                if (!MessageDigest.isEqual(recorded.fingerprint(), fingerprint)) {
                    throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used for a "
                            + "different request in the last 24 hours; use a new key for a new request");
                }
                return replay(recorded);
            }
            HttpResponse<?> response = action.get();
            keys.complete(scope, key, response.code(), serialise(response.body()),
                    response.getHeaders().get(HttpHeaders.LOCATION));
            return response;
        });
    }

    private static MutableHttpResponse<String> replay(IdempotencyRepository.Recorded recorded) {
        MutableHttpResponse<String> response = HttpResponse.<String>status(
                io.micronaut.http.HttpStatus.valueOf(recorded.status())).header(REPLAYED_HEADER, "true");
        if (recorded.location() != null) {
            response.header(HttpHeaders.LOCATION, recorded.location());
        }
        return recorded.body().isEmpty() ? response
                : response.body(recorded.body()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private String serialise(@Nullable Object body) {
        if (body == null) {
            return "";
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response body could not be recorded", e);
        }
    }

    /** The request a key stands for: method, path (with its query) and the exact body bytes. */
    static byte[] fingerprint(HttpRequest<?> request, @Nullable String body) {
        return ApiKeys.hash(request.getMethodName() + " " + request.getUri() + "\n"
                + (body == null ? "" : body));
    }
}
