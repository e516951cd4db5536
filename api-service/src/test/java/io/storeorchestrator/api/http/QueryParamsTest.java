package io.storeorchestrator.api.http;

import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.common.domain.StoreStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParamsTest {

    @Test
    void limitsDefaultAndStayInRange() {
        assertThat(QueryParams.limit(null, 20, 100)).isEqualTo(20);
        assertThat(QueryParams.limit("", 20, 100)).isEqualTo(20);
        assertThat(QueryParams.limit("1", 20, 100)).isEqualTo(1);
        assertThat(QueryParams.limit("100", 20, 100)).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-5", "ten", "1.5", "99999999999999999999"})
    void badLimitsAreValidationErrors(String raw) {
        assertThatThrownBy(() -> QueryParams.limit(raw, 20, 100))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void statusesParseIgnoringCase() {
        assertThat(QueryParams.status("ready")).isEqualTo(StoreStatus.READY);
        assertThat(QueryParams.status(null)).isNull();
        assertThatThrownBy(() -> QueryParams.status("ALIVE")).isInstanceOf(ApiException.class).hasMessageContaining("QUEUED");
    }

    @Test
    void malformedStoreIdsAreNotFound() {
        UUID id = UUID.randomUUID();
        assertThat(QueryParams.storeId(id.toString())).isEqualTo(id);
        assertThatThrownBy(() -> QueryParams.storeId("1-1-1-1-1"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> QueryParams.storeId("<script>"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).doesNotContain("<"));
    }

    @Test
    void actorsAreSanitisedAndBounded() {
        assertThat(Origins.actor(null)).isEqualTo("anonymous");
        assertThat(Origins.actor(" \t ")).isEqualTo("anonymous");
        assertThat(Origins.actor("ci\u0000-bot\u001b[31m\n")).isEqualTo("ci-bot[31m");
        assertThat(Origins.actor("x".repeat(1000))).hasSize(128);
    }

    @Test
    void theSourceIpIsTheFirstForwardedHopOrTheRemoteAddress() {
        InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 5000);
        assertThat(Origins.sourceIp("198.51.100.4, 10.0.0.1", remote)).isEqualTo("198.51.100.4");
        assertThat(Origins.sourceIp(null, remote)).isEqualTo("127.0.0.1");
        assertThat(Origins.sourceIp(" , 10.0.0.1", remote)).isEqualTo("127.0.0.1");
        assertThat(Origins.sourceIp("y".repeat(500), remote)).hasSize(64);
    }

    @Test
    void forwardedForIsTrustedOnlyWhenConfigured() {
        io.micronaut.http.HttpRequest<?> request = io.micronaut.http.HttpRequest.GET("/api/v1/stores")
                .header("X-Forwarded-For", "203.0.113.9, 10.0.0.1").header(Origins.ACTOR_HEADER, "ci-bot");
        assertThat(Origins.of(request, true).sourceIp()).isEqualTo("203.0.113.9");
        assertThat(Origins.of(request, false).sourceIp()).isNotEqualTo("203.0.113.9");
        assertThat(Origins.of(request, false).actor()).isEqualTo("ci-bot");
    }
}
