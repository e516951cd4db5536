package io.storeorchestrator.common.messaging;

/**
 * One message to publish.
 *
 * @param exchange    target exchange
 * @param routingKey  routing key
 * @param messageId   AMQP message id (the command or event id), so consumers can spot duplicates
 * @param type        AMQP type property: the schema name ({@code StoreCommand}, {@code StoreEvent})
 * @param body        JSON body
 */
public record OutgoingMessage(String exchange, String routingKey, String messageId, String type, byte[] body) {

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
