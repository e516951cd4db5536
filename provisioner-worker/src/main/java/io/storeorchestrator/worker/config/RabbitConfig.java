package io.storeorchestrator.worker.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.common.messaging.RabbitSettings;

import java.time.Duration;

/**
 * How the worker reaches RabbitMQ, bound from {@code rabbitmq.*}.
 *
 * @param host           {@code RABBITMQ_HOST} (127.0.0.1)
 * @param port           {@code RABBITMQ_PORT} (5672)
 * @param username       {@code RABBITMQ_USERNAME} (guest)
 * @param password       {@code RABBITMQ_PASSWORD} (guest); never logged
 * @param vhost          {@code RABBITMQ_VHOST} (/)
 * @param topologyPrefix {@code RABBITMQ_TOPOLOGY_PREFIX} (empty): prefix of every exchange and queue name
 * @param confirmTimeout {@code RABBITMQ_CONFIRM_TIMEOUT} (5s): how long a publish waits for the broker's confirm
 */
@ConfigurationProperties("rabbitmq")
public record RabbitConfig(
        String host,
        int port,
        String username,
        String password,
        String vhost,
        @Nullable String topologyPrefix,
        Duration confirmTimeout) {

    public RabbitSettings toSettings() {
        return new RabbitSettings(host, port, username, password, vhost,
                topologyPrefix == null ? "" : topologyPrefix, confirmTimeout);
    }

    @Override
    public String toString() {
        return toSettings().toString();
    }
}
