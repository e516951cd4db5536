package io.storeorchestrator.api.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a page of the store listing ended: the (created_at, id) of its last store. Clients see it as an opaque
 * base64url string and hand it back unchanged.
 */
public record StoreCursor(Instant createdAt, UUID id) {

    private static final int MAX_ENCODED_LENGTH = 200;

    public String encode() {
        String raw = createdAt.toString() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the cursor, or empty when {@code encoded} is not one this API produced */
    public static Optional<StoreCursor> decode(String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
            return Optional.empty();
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar < 0) {
                return Optional.empty();
            }
            return Optional.of(new StoreCursor(Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
