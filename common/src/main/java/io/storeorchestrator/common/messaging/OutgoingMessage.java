package io.storeorchestrator.common.messaging;

/**
 * One message to publish.
 *
 * @param exchange    target exchange
 * @param routingKey  routing key
 * @param messageId   AMQP message id (the command or event id), so consumers can spot duplicates
 * @param type        AMQP type property: the schema name ({@code StoreCommand}, {@code StoreEvent})
 * @param body        JSON body
 * @param traceparent the W3C trace context to continue (an outbox row's, stored with it), or null for the publisher's
 *                    current one; it goes out as the {@code traceparent} header
 */
public record OutgoingMessage(String exchange, String routingKey, String messageId, String type, byte[] body,
                              String traceparent) {

    public OutgoingMessage(String exchange, String routingKey, String messageId, String type, byte[] body) {
        this(exchange, routingKey, messageId, type, body, null);
    }

    /** This message, continuing the trace context {@code traceparent} (null: the publisher's current one). */
    public OutgoingMessage withTraceparent(String traceparent) {
        return new OutgoingMessage(exchange, routingKey, messageId, type, body, traceparent);
    }

    /** Where it goes, for span names: the exchange, or the queue when sent straight to one. */
    public String destination() {
        return exchange.isEmpty() ? routingKey : exchange;
    }

    public static OutgoingMessage command(Topology topology, StoreCommand command) {
        return new OutgoingMessage(topology.commandsExchange(), command.type().routingKey(),
                command.commandId().toString(), StoreCommand.class.getSimpleName(), MessageCodec.encode(command));
    }

    /**
     * The command parked in the wait queue of {@code tier}; the broker returns it to the commands queue after that
     * delay. Published through the default exchange, straight to the queue.
     */
    public static OutgoingMessage parked(Topology topology, StoreCommand command, java.time.Duration tier) {
        return new OutgoingMessage("", topology.waitQueue(tier), command.commandId().toString(),
                StoreCommand.class.getSimpleName(), MessageCodec.encode(command));
    }

    public static OutgoingMessage event(Topology topology, StoreEvent event) {
        return new OutgoingMessage(topology.eventsExchange(), Topology.EVENT_ROUTING_KEY,
                event.eventId().toString(), StoreEvent.class.getSimpleName(), MessageCodec.encode(event));
    }
}
