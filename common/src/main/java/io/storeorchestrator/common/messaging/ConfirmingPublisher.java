package io.storeorchestrator.common.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Publishes persistent messages and returns only once the broker has confirmed them, so a caller that marks
 * something "sent" (an outbox row) or acks a command afterwards can never lose it.
 *
 * <p>One confirm-mode channel, used under a lock: channels are not thread-safe, and publishing is never the
 * bottleneck next to the confirm round trip, which a batch shares.
 */
public final class ConfirmingPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfirmingPublisher.class);

    private final RabbitConnector connector;
    private Channel channel;

    public ConfirmingPublisher(RabbitConnector connector) {
        this.connector = connector;
    }

    public void publish(OutgoingMessage message) {
        publishAll(List.of(message));
    }

    /**
     * Publishes every message and waits for the broker to confirm all of them.
     *
     * @throws BrokerUnavailableException when the broker is unreachable, nacks, or does not confirm in time;
     *                                    some of the messages may then have been delivered (at-least-once)
     */
    public synchronized void publishAll(List<OutgoingMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        try {
            Channel ch = channel();
            for (OutgoingMessage message : messages) {
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .deliveryMode(2)
                        .messageId(message.messageId())
                        .type(message.type())
                        .timestamp(new java.util.Date())
                        .build();
                ch.basicPublish(message.exchange(), message.routingKey(), props, message.body());
            }
            ch.waitForConfirmsOrDie(connector.settings().confirmTimeout().toMillis());
        } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            discardChannel();
            if (e instanceof BrokerUnavailableException b) {
                throw b;
            }
            throw new BrokerUnavailableException("publish not confirmed: " + e.getMessage(), e);
        }
    }

    private Channel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = connector.openChannel();
            channel.confirmSelect();
        }
        return channel;
    }

    private void discardChannel() {
        if (channel != null) {
            try {
                channel.abort();
            } catch (IOException | RuntimeException e) {
                LOG.debug("aborting publisher channel", e);
            }
            channel = null;
        }
    }

    @Override
    public synchronized void close() {
        discardChannel();
    }
}
