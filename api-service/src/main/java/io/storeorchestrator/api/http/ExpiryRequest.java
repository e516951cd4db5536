package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.store.ExpiryChange;
import io.storeorchestrator.api.store.Ttl;
import io.storeorchestrator.common.time.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The expiry fields of a store's POST or PATCH body: {@code "ttl"} (a Go duration from now, {@code "72h"}) or
 * {@code "expiresAt"} (an ISO-8601 instant), not both; either one given as {@code null} means no expiry. Both are
 * bounded by {@link Ttl#MIN} and {@link Ttl#MAX} from now. Every mistake is 400 INVALID_EXPIRY.
 */
final class ExpiryRequest {

    static final String TTL = "ttl";
    static final String EXPIRES_AT = "expiresAt";

    private ExpiryRequest() {
    }

    /** @return empty when the body names neither field */
    static Optional<ExpiryChange> parse(JsonNode root, Instant now) {
        boolean hasTtl = root.has(TTL);
        boolean hasExpiresAt = root.has(EXPIRES_AT);
        if (hasTtl && hasExpiresAt) {
            throw invalid("Give 'ttl' or 'expiresAt', not both");
        }
        if (!hasTtl && !hasExpiresAt) {
            return Optional.empty();
        }
        JsonNode value = root.get(hasTtl ? TTL : EXPIRES_AT);
        if (value.isNull()) {
            return Optional.of(ExpiryChange.never());
        }
        if (!value.isTextual()) {
            throw invalid("'" + (hasTtl ? TTL : EXPIRES_AT) + "' must be a string or null");
        }
        Instant expiresAt = hasTtl ? now.plus(ttl(value.textValue())) : instant(value.textValue());
        Duration fromNow = Duration.between(now, expiresAt);
        if (!hasTtl && Ttl.problemWith(fromNow).isPresent()) {
            throw invalid("'expiresAt' must be from " + Durations.human(Ttl.MIN) + " to 365 days in the future");
        }
        return Optional.of(new ExpiryChange(expiresAt));
    }

    private static Duration ttl(String text) {
        Duration ttl = Ttl.parse(text).orElseThrow(() -> invalid("'ttl' must be a duration such as \"72h\", \"30m\" "
                + "or \"1h30m\" (units h, m, s, ms)"));
        Ttl.problemWith(ttl).ifPresent(problem -> {
            throw invalid("'ttl' " + problem);
        });
        return ttl;
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("'expiresAt' must be an ISO-8601 instant such as \"2030-01-31T12:00:00Z\"");
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_EXPIRY, message);
    }
}
