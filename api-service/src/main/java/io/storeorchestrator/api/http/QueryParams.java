package io.storeorchestrator.api.http;

import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.store.StoreCursor;
import io.storeorchestrator.common.domain.StoreStatus;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** Parses query and path parameters from their raw text, so a bad value is a 400 with a message, never a 500. */
public final class QueryParams {

    private QueryParams() {
    }

    /** @return the limit, {@code fallback} when absent; VALIDATION_FAILED unless an integer in 1..max */
    public static int limit(@Nullable String raw, int fallback, int max) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.validation("'limit' must be an integer from 1 to " + max);
    }

    public static @Nullable StoreStatus status(@Nullable String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return StoreStatus.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("'status' must be one of: "
                    + Arrays.stream(StoreStatus.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    /** Longer than any name a store or tenant can have: a filter this long can match nothing. */
    static final int NAME_FILTER_MAX = 63;

    /** A name filter: null when absent or blank; VALIDATION_FAILED when longer than {@value #NAME_FILTER_MAX}. */
    public static @Nullable String nameFilter(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String name = raw.strip();
        if (name.length() > NAME_FILTER_MAX) {
            throw ApiException.validation("'name' must be at most " + NAME_FILTER_MAX + " characters");
        }
        return name;
    }

    public static @Nullable StoreCursor cursor(@Nullable String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        return StoreCursor.decode(raw).orElseThrow(() -> ApiException.validation(
                "'cursor' is not valid; pass the nextCursor of the previous page unchanged"));
    }

    /** A store id from the path. A malformed id names no store, so it is 404 NOT_FOUND like any unknown id. */
    public static UUID storeId(String raw) {
        return parseUuid(raw).orElseThrow(() -> ApiException.notFound("No store with id " + abbreviate(raw)));
    }

    static Optional<UUID> parseUuid(String raw) {
        if (raw == null || raw.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String raw) {
        String safe = raw == null ? "" : raw.replaceAll("[^A-Za-z0-9-]", "?");
        return safe.length() <= 40 ? safe : safe.substring(0, 40) + "…";
    }
}
