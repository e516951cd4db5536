package io.storeorchestrator.api.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StoreCursorTest {

    @Test
    void aCursorSurvivesTheRoundTripAndIsUrlSafe() {
        StoreCursor cursor = new StoreCursor(Instant.parse("2025-03-01T10:15:30.123456Z"), UUID.randomUUID());
        String encoded = cursor.encode();
        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(StoreCursor.decode(encoded)).contains(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage!", "%%%", "bm90aGluZw", "MjAyNXxub3QtYS11dWlk", "====", "a"})
    void garbageIsRejectedNotThrown(String encoded) {
        assertThat(StoreCursor.decode(encoded)).isEmpty();
    }

    @Test
    void wellEncodedButWrongContentIsRejected() {
        String wrongTime = Base64.getUrlEncoder().encodeToString(("yesterday|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        assertThat(StoreCursor.decode(wrongTime)).isEmpty();
        assertThat(StoreCursor.decode(null)).isEmpty();
        assertThat(StoreCursor.decode("A".repeat(10_000))).isEmpty();
    }
}
