package io.storeorchestrator.common.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * One lazily opened connection to RabbitMQ, shared by a service.
 *
 * <p>Services must start and keep serving while the broker is down (the API keeps accepting requests into its
 * outbox), so nothing connects at construction: {@link #connection()} connects on first use and again after a
 * failure, and declares the {@link Topology} each time it does.
 *
 * <p>The client's automatic recovery is off: {@link SupervisedConsumer} re-subscribes and {@link ConfirmingPublisher}
 * reopens its channel themselves, and a second mechanism reviving the same channels behind their backs could leave
 * two consumers where one was meant.
 */
public final class RabbitConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitConnector.class);

    private final RabbitSettings settings;
    private final ConnectionFactory factory;
    private final String connectionName;
    private Connection connection;

    public RabbitConnector(RabbitSettings settings, String connectionName) {
        this.settings = settings;
        this.connectionName = connectionName;
        this.factory = new ConnectionFactory();
        factory.setHost(settings.host());
        factory.setPort(settings.port());
        factory.setUsername(settings.username());
        factory.setPassword(settings.password());
        factory.setVirtualHost(settings.vhost());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(5000);
        factory.setRequestedHeartbeat(15);
    }

    public RabbitSettings settings() {
        return settings;
    }

    public Topology topology() {
        return settings.topology();
    }

    /** The open connection, connecting (and declaring the topology) first if needed. */
    public synchronized Connection connection() {
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        closeQuietly();
        try {
            Connection fresh = factory.newConnection(connectionName);
            try (Channel channel = fresh.createChannel()) {
                settings.topology().declare(channel);
            }
            connection = fresh;
            LOG.info("Connected to RabbitMQ {} and declared the topology", settings);
            return connection;
        } catch (IOException | TimeoutException e) {
            throw new BrokerUnavailableException("RabbitMQ at " + settings.host() + ":" + settings.port()
                    + " is unavailable: " + e.getMessage(), e);
        }
    }

    /** A new channel on the shared connection. */
    public Channel openChannel() {
        try {
            return connection().createChannel();
        } catch (IOException e) {
            throw new BrokerUnavailableException("could not open a RabbitMQ channel: " + e.getMessage(), e);
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.abort(2000);
            } catch (RuntimeException ignored) {
                // already broken; a new connection replaces it
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close(2000);
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing RabbitMQ connection", e);
            }
            connection = null;
        }
    }
}
