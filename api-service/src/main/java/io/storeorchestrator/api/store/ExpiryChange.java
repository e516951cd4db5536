package io.storeorchestrator.api.store;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * An expiry a request asked for: a time ({@code ttl} from now, or {@code expiresAt}), or none at all
 * ({@code expiresAt} null: the store never expires).
 */
public record ExpiryChange(@Nullable Instant expiresAt) {

    public static ExpiryChange never() {
        return new ExpiryChange(null);
    }

    /** For the timeline and the audit log. */
    public String describe() {
        return expiresAt == null ? "no expiry" : "expires at " + expiresAt;
    }
}
