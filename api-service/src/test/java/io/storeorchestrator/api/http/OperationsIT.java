package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.api.support.ApiFixture;
import io.storeorchestrator.api.support.RunningApi;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.storeorchestrator.api.http.StoreApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health, Prometheus metrics and behaviour when the database goes away. */
class OperationsIT {

    @Test
    void healthAndPrometheusAreServedWithoutCredentials() {
        try (ApiFixture fixture = ApiFixture.start()) {
            fixture.createStore("metered-shop");

            RunningApi.Response health = fixture.api.management("/health");
            assertThat(health.status()).isEqualTo(200);
            JsonNode body = health.json();
            assertThat(body.get("status").asText()).isEqualTo("UP");
            assertThat(body.toString()).contains("jdbc");

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                String metrics = fixture.api.management("/prometheus").body();
                assertThat(metrics).contains("store_orchestrator_stores{status=\"QUEUED\"} 1.0");
                assertThat(metrics).contains("store_orchestrator_outbox_pending");
                assertThat(metrics).contains("http_server_requests_seconds_count");
            });
        }
    }

    @Test
    void theApiPortAnswersLivenessAndReadinessWithAStatusOnlyAndServesNoManagementEndpoint() {
        try (ApiFixture fixture = ApiFixture.start()) {
            for (String probe : new String[]{"/health/liveness", "/health/readiness"}) {
                RunningApi.Response status = fixture.api.as(null, "GET", probe, null);
                assertThat(status.status()).isEqualTo(200);
                assertThat(status.json().toString()).isEqualTo("{\"status\":\"UP\"}");
            }
            for (String hidden : new String[]{"/health", "/prometheus", "/metrics", "/routes", "/beans", "/env",
                    "/loggers", "/health/readiness/jdbc"}) {
                RunningApi.Response response = fixture.api.as(null, "GET", hidden, null);
                assertThat(response.status()).as(hidden).isEqualTo(404);
                assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
            }
            assertThat(fixture.api.management("/health/readiness").body()).as("details stay on the management port")
                    .contains("jdbc");

            fixture.db.setAvailable(false);
            RunningApi.Response down = fixture.api.as(null, "GET", "/health/readiness", null);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().toString()).isEqualTo("{\"status\":\"DOWN\"}");
            fixture.db.setAvailable(true);
        }
    }

    @Test
    void aLostDatabaseIs503WithRetryAfterNot500() {
        try (ApiFixture fixture = ApiFixture.start()) {
            fixture.createStore("before-outage");
            fixture.db.close(); // drops the database, killing every connection

            RunningApi.Response create = fixture.api.postJson("/api/v1/stores",
                    "{\"name\":\"during-outage\",\"engine\":\"woocommerce\"}");
            assertError(create, 503, "DATABASE_UNAVAILABLE");
            assertThat(create.header("Retry-After")).isEqualTo("5");
            assertError(fixture.api.get("/api/v1/stores"), 503, "DATABASE_UNAVAILABLE");
            assertThat(fixture.api.management("/health").status()).isEqualTo(503);
        }
    }
}
