package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.store.ExpiryChange;
import io.storeorchestrator.api.store.Ttl;
import io.storeorchestrator.common.time.Durations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpiryRequestTest {

    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private final ObjectReader json = JsonBodies.reader(new ObjectMapper());

    private Optional<ExpiryChange> parse(String body) throws Exception {
        return ExpiryRequest.parse(json.readTree(body), NOW);
    }

    @ParameterizedTest
    @CsvSource({"72h,259200", "30m,1800", "1h30m,5400", "1.5h,5400", "90s,90", "10s,10", "8760h,31536000",
            "2h0m30s,7230", "1500ms,1"})
    void goDurationsParse(String text, long seconds) {
        assertThat(Ttl.parse(text)).hasValueSatisfying(d -> assertThat(d.toSeconds()).isEqualTo(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "72", "h", "3d", "-1h", "1 h", "1h 30m", "1H", "PT1H", "1e3s"})
    void anythingElseIsNotADuration(String text) {
        assertThat(Ttl.parse(text)).isEmpty();
    }

    @Test
    void ttlIsFromNowAndExpiresAtIsTaken() throws Exception {
        assertThat(parse("{\"ttl\":\"72h\"}")).contains(new ExpiryChange(NOW.plus(Duration.ofHours(72))));
        assertThat(parse("{\"expiresAt\":\"2026-12-03T09:00:00+01:00\"}"))
                .contains(new ExpiryChange(Instant.parse("2026-12-03T08:00:00Z")));
    }

    @Test
    void nullMeansNoExpiryAndAbsenceMeansNothingAskedFor() throws Exception {
        assertThat(parse("{\"expiresAt\":null}")).contains(ExpiryChange.never());
        assertThat(parse("{\"ttl\":null}")).contains(ExpiryChange.never());
        assertThat(parse("{\"plan\":\"small\"}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"ttl\":\"1h\",\"expiresAt\":\"2026-12-03T09:00:00Z\"}",
            "{\"ttl\":null,\"expiresAt\":\"2026-12-03T09:00:00Z\"}",
            "{\"ttl\":\"9s\"}",
            "{\"ttl\":\"8761h\"}",
            "{\"ttl\":\"99999999999999999999h\"}",
            "{\"ttl\":\"three days\"}",
            "{\"ttl\":72}",
            "{\"expiresAt\":\"2026-12-02T08:59:00Z\"}",
            "{\"expiresAt\":\"2026-12-02T09:00:05Z\"}",
            "{\"expiresAt\":\"2028-12-02T09:00:00Z\"}",
            "{\"expiresAt\":\"tomorrow\"}",
            "{\"expiresAt\":1767258000}"})
    void everyMistakeIsInvalidExpiry(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EXPIRY));
    }

    @Test
    void anExpiryOnlyPatchIsNoUpdate() {
        UpdateStoreRequest expiry = UpdateStoreRequest.parse("{\"ttl\":\"1h\"}", json, NOW);
        assertThat(expiry.expiryOnly()).isTrue();
        assertThat(expiry.expiry()).isEqualTo(new ExpiryChange(NOW.plus(Duration.ofHours(1))));
        assertThat(UpdateStoreRequest.parse("{\"expiresAt\":null}", json, NOW).expiryOnly()).isTrue();
        UpdateStoreRequest both = UpdateStoreRequest.parse("{\"version\":\"6.6\",\"ttl\":\"1h\"}", json, NOW);
        assertThat(both.expiryOnly()).isFalse();
        assertThat(both.expiry()).isNotNull();
        assertThat(UpdateStoreRequest.parse("{\"version\":\"6.6\"}", json, NOW).expiry()).isNull();
    }

    @Test
    void ttlsPrintAsGoPrintsThem() {
        assertThat(Durations.human(Duration.ofHours(720))).isEqualTo("720h");
        assertThat(Durations.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.human(Duration.ofSeconds(45))).isEqualTo("45s");
    }
}
