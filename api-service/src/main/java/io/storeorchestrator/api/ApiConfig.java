package io.storeorchestrator.api;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.store.Ttl;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.Optional;

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
 * RabbitMQ ({@code RABBITMQ_*}) is common's {@link io.storeorchestrator.common.messaging.RabbitSettings}, the same for
 * every service.
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
 * @param storeDefaultTtl     {@code API_STORE_DEFAULT_TTL} (empty: off): the time to live of stores created without
 *                            {@code ttl} or {@code expiresAt} by a caller whose tenant has no default of its own, as a
 *                            Go duration ({@code 720h}); bounded like {@code ttl}
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
        @Nullable String storeDefaultTtl) {

    public ApiConfig {
        // A bad default stops the start rather than failing every create.
        defaultTtl(storeDefaultTtl);
    }

    /** The installation's default time to live, if one is set. */
    public Optional<Duration> defaultTtl() {
        return defaultTtl(storeDefaultTtl);
    }

    private static Optional<Duration> defaultTtl(@Nullable String text) {
        if (text == null || text.isBlank() || text.equals("0")) {
            return Optional.empty();
        }
        Duration ttl = Ttl.parse(text.trim()).orElseThrow(() -> new IllegalArgumentException(
                "API_STORE_DEFAULT_TTL must be a duration such as 720h, got '" + text + "'"));
        Ttl.problemWith(ttl).ifPresent(problem -> {
            throw new IllegalArgumentException("API_STORE_DEFAULT_TTL " + problem);
        });
        return Optional.of(ttl);
    }
}
