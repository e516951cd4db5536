package io.storeorchestrator.common.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.storeorchestrator.common.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Publishes persistent messages and returns only once the broker has confirmed them, so a caller that marks
 * something "sent" (an outbox row) or acks a command afterwards can never lose it.
 *
 * <p>One confirm-mode channel, used under a lock: channels are not thread-safe, and publishing is never the
 * bottleneck next to the confirm round trip, which a batch shares.
 *
 * <p>Every message carries the trace context it belongs to as a W3C {@code traceparent} header: its own (an outbox
 * row's) or the current one. With tracing on, each message gets a PRODUCER span ({@code publish store.commands}),
 * ended when the broker confirmed, and the header names that span, so the consumer's span is its child.
 */
public final class ConfirmingPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfirmingPublisher.class);

    private final RabbitConnector connector;
    private final Tracing tracing;
    private Channel channel;

    public ConfirmingPublisher(RabbitConnector connector) {
        this(connector, Tracing.off());
    }

    public ConfirmingPublisher(RabbitConnector connector, Tracing tracing) {
        this.connector = connector;
        this.tracing = tracing;
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
        List<Span> spans = tracing.enabled() ? new ArrayList<>(messages.size()) : List.of();
        try {
            Channel ch = channel();
            for (OutgoingMessage message : messages) {
                String traceparent = message.traceparent();
                if (tracing.enabled()) {
                    Span span = producerSpan(message);
                    spans.add(span);
                    traceparent = Tracing.traceparent(Context.root().with(span));
                }
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .deliveryMode(2)
                        .messageId(message.messageId())
                        .type(message.type())
                        .timestamp(new java.util.Date())
                        .headers(traceparent == null ? null : Map.of(Tracing.TRACEPARENT, traceparent))
                        .build();
                ch.basicPublish(message.exchange(), message.routingKey(), props, message.body());
            }
            ch.waitForConfirmsOrDie(connector.settings().confirmTimeout().toMillis());
            spans.forEach(Span::end);
        } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            for (Span span : spans) {
                span.setStatus(StatusCode.ERROR, "not confirmed");
                span.end();
            }
            discardChannel();
            if (e instanceof BrokerUnavailableException b) {
                throw b;
            }
            throw new BrokerUnavailableException("publish not confirmed: " + e.getMessage(), e);
        }
    }

    /** A child of the message's own trace context, or of the current one. */
    private Span producerSpan(OutgoingMessage message) {
        Context parent = message.traceparent() != null ? Tracing.contextOf(message.traceparent()) : Context.current();
        return tracing.span("publish " + message.destination(), SpanKind.PRODUCER)
                .setParent(parent)
                .setAttribute("messaging.system", "rabbitmq")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", message.destination())
                .setAttribute("messaging.rabbitmq.destination.routing_key", message.routingKey())
                .setAttribute("messaging.message.id", message.messageId())
                .startSpan();
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
