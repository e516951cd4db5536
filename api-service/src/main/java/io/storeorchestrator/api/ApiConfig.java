package io.storeorchestrator.api;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.common.messaging.RabbitSettings;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Every setting of the api-service. {@code application.yml} maps each one from its environment variable as
 * {@code ${ENV_NAME:default}}; the Helm values and docker-compose use exactly these names.
 *
 * <p>Settings bound by Micronaut itself (mapped in {@code application.yml}, listed here so one place names them all):
 * <ul>
 *   <li>{@code SERVER_PORT} (8080) → {@code micronaut.server.port}</li>
 *   <li>{@code DATABASE_URL} (jdbc:postgresql://127.0.0.1:5432/store_orchestrator) → {@code datasources.default.url}</li>
 *   <li>{@code DATABASE_USER} (postgres) → {@code datasources.default.username}</li>
 *   <li>{@code DATABASE_PASSWORD} (empty) → {@code datasources.default.password}</li>
 *   <li>{@code DATABASE_MAX_POOL_SIZE} (10) → {@code datasources.default.maximum-pool-size}</li>
 * </ul>
 *
 * @param storeBaseDomain     {@code STORE_BASE_DOMAIN} (localtest.me): stores answer on {@code <name>.<base domain>}
 * @param storeUrlScheme      {@code STORE_URL_SCHEME} (http): scheme of the store URLs the API returns
 * @param maxLiveStores       {@code API_MAX_LIVE_STORES} (50): live (not DELETED) stores allowed; more → 429
 * @param provisioningTimeout {@code PROVISIONING_TIMEOUT} (10m): deadline of each provisioning attempt
 * @param outboxPollInterval  {@code OUTBOX_POLL_INTERVAL} (200ms): how often the relay looks for unpublished rows
 * @param outboxBatchSize     {@code OUTBOX_BATCH_SIZE} (100): rows the relay claims and publishes per transaction
 * @param trustForwardedFor   {@code API_TRUST_FORWARDED_FOR} (true): take the audit log's source address from the first
 *                            X-Forwarded-For hop, as set by an ingress controller in front of the API; set false when
 *                            clients reach the API directly, since they could then write any address there
 * @param rabbitmq            how to reach RabbitMQ
 */
@ConfigurationProperties("api")
public record ApiConfig(
        @NotBlank String storeBaseDomain,
        @NotBlank String storeUrlScheme,
        @Min(0) int maxLiveStores,
        @NotNull Duration provisioningTimeout,
        @NotNull Duration outboxPollInterval,
        @Min(1) int outboxBatchSize,
        boolean trustForwardedFor,
        @NotNull Rabbit rabbitmq) {

    /**
     * RabbitMQ connection settings (keys {@code api.rabbitmq.*}).
     *
     * @param host            {@code RABBITMQ_HOST} (127.0.0.1)
     * @param port            {@code RABBITMQ_PORT} (5672)
     * @param username        {@code RABBITMQ_USERNAME} (guest)
     * @param password        {@code RABBITMQ_PASSWORD} (guest); never logged
     * @param virtualHost     {@code RABBITMQ_VHOST} (/)
     * @param topologyPrefix  {@code RABBITMQ_TOPOLOGY_PREFIX} (empty): prefix of every exchange and queue name
     * @param confirmTimeout  {@code RABBITMQ_CONFIRM_TIMEOUT} (5s): how long a publish waits for the broker's confirm
     */
    @ConfigurationProperties("rabbitmq")
    public record Rabbit(
            @NotBlank String host,
            int port,
            @NotBlank String username,
            @Nullable String password,
            @NotBlank String virtualHost,
            @Nullable String topologyPrefix,
            @NotNull Duration confirmTimeout) {

        public RabbitSettings toSettings() {
            return new RabbitSettings(host, port, username, password == null ? "" : password, virtualHost,
                    topologyPrefix == null ? "" : topologyPrefix, confirmTimeout);
        }

        @Override
        public String toString() {
            return toSettings().toString();
        }
    }
}
