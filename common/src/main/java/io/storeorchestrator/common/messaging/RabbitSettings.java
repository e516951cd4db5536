package io.storeorchestrator.common.messaging;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How every service reaches RabbitMQ: one configuration under {@code rabbitmq.*}, bound by Micronaut straight from
 * the environment ({@code RABBITMQ_TOPOLOGY_PREFIX} is {@code rabbitmq.topology-prefix}), with the defaults below.
 * Outside Micronaut (tests, tools) it is a plain record.
 *
 * @param host           {@code RABBITMQ_HOST} (127.0.0.1)
 * @param port           {@code RABBITMQ_PORT} (5672)
 * @param username       {@code RABBITMQ_USERNAME} (guest)
 * @param password       {@code RABBITMQ_PASSWORD} (guest); never logged ({@link #toString()} leaves it out)
 * @param vhost          {@code RABBITMQ_VHOST} (/)
 * @param topologyPrefix {@code RABBITMQ_TOPOLOGY_PREFIX} (empty): prefix of every exchange and queue name, so several
 *                       installations (or test runs) can share a virtual host (see {@link Topology})
 * @param confirmTimeout {@code RABBITMQ_CONFIRM_TIMEOUT} (5s): how long a publish waits for the broker's confirm
 */
@ConfigurationProperties("rabbitmq")
public record RabbitSettings(
        @Bindable(defaultValue = "127.0.0.1") String host,
        @Bindable(defaultValue = "5672") int port,
        @Bindable(defaultValue = "guest") String username,
        @Bindable(defaultValue = "guest") String password,
        @Bindable(defaultValue = "/") String vhost,
        @Nullable String topologyPrefix,
        @Bindable(defaultValue = "5s") Duration confirmTimeout) {

    public RabbitSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("RABBITMQ_HOST must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("RABBITMQ_PORT must be a TCP port, got " + port);
        }
        if (confirmTimeout == null || confirmTimeout.isNegative() || confirmTimeout.isZero()) {
            throw new IllegalArgumentException("RABBITMQ_CONFIRM_TIMEOUT must be a positive duration");
        }
        password = password == null ? "" : password;
        vhost = vhost == null || vhost.isEmpty() ? "/" : vhost;
        topologyPrefix = topologyPrefix == null ? "" : topologyPrefix;
    }

    public Topology topology() {
        return new Topology(topologyPrefix);
    }

    @Override
    public String toString() {
        return "RabbitSettings[" + username + "@" + host + ":" + port + vhost + ", prefix=" + topologyPrefix + "]";
    }
}
