package io.storeorchestrator.common.messaging;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;

import java.io.IOException;
import java.util.Map;

/**
 * The whole RabbitMQ topology, declared in this one place by every service on connect (declaring is idempotent).
 *
 * <pre>
 * store.commands (direct) --provision|teardown--> store.commands (quorum) --after N deliveries or reject--> store.dead-letter
 * store.events   (direct) --event-->              store.events   (quorum, single active consumer)        --> store.dead-letter
 * store.dead-letter (direct) --commands--> store.commands.dead ; --events--> store.events.dead
 * </pre>
 *
 * <p>Quorum queues keep messages through a broker restart and count deliveries, so a command that crashes every
 * worker that takes it ends up dead-lettered after {@link #COMMAND_DELIVERY_LIMIT} attempts instead of looping forever.
 * The events queue has a single active consumer so a store's events are applied in the order they were sent, however
 * many API replicas run.
 *
 * @param prefix prepended to every name; empty in production, unique per test run so tests never share queues
 */
public record Topology(String prefix) {

    /** Deliveries after which a command is considered poison and dead-lettered. */
    public static final int COMMAND_DELIVERY_LIMIT = 20;
    public static final int EVENT_DELIVERY_LIMIT = 50;
    public static final String EVENT_ROUTING_KEY = "event";
    public static final String DEAD_COMMANDS_KEY = "commands";
    public static final String DEAD_EVENTS_KEY = "events";

    public Topology {
        prefix = prefix == null ? "" : prefix;
    }

    public static Topology standard() {
        return new Topology("");
    }

    public String commandsExchange() {
        return prefix + "store.commands";
    }

    public String commandsQueue() {
        return prefix + "store.commands";
    }

    public String eventsExchange() {
        return prefix + "store.events";
    }

    public String eventsQueue() {
        return prefix + "store.events";
    }

    public String deadLetterExchange() {
        return prefix + "store.dead-letter";
    }

    public String deadCommandsQueue() {
        return prefix + "store.commands.dead";
    }

    public String deadEventsQueue() {
        return prefix + "store.events.dead";
    }

    /** Declares every exchange, queue and binding. Safe to call any number of times from any service. */
    public void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(deadLetterExchange(), BuiltinExchangeType.DIRECT, true);
        channel.queueDeclare(deadCommandsQueue(), true, false, false, Map.of("x-queue-type", "quorum"));
        channel.queueBind(deadCommandsQueue(), deadLetterExchange(), DEAD_COMMANDS_KEY);
        channel.queueDeclare(deadEventsQueue(), true, false, false, Map.of("x-queue-type", "quorum"));
        channel.queueBind(deadEventsQueue(), deadLetterExchange(), DEAD_EVENTS_KEY);

        channel.exchangeDeclare(commandsExchange(), BuiltinExchangeType.DIRECT, true);
        channel.queueDeclare(commandsQueue(), true, false, false, Map.of(
                "x-queue-type", "quorum",
                "x-delivery-limit", COMMAND_DELIVERY_LIMIT,
                "x-dead-letter-exchange", deadLetterExchange(),
                "x-dead-letter-routing-key", DEAD_COMMANDS_KEY));
        for (CommandType type : CommandType.values()) {
            channel.queueBind(commandsQueue(), commandsExchange(), type.routingKey());
        }

        channel.exchangeDeclare(eventsExchange(), BuiltinExchangeType.DIRECT, true);
        channel.queueDeclare(eventsQueue(), true, false, false, Map.of(
                "x-queue-type", "quorum",
                "x-single-active-consumer", true,
                "x-delivery-limit", EVENT_DELIVERY_LIMIT,
                "x-dead-letter-exchange", deadLetterExchange(),
                "x-dead-letter-routing-key", DEAD_EVENTS_KEY));
        channel.queueBind(eventsQueue(), eventsExchange(), EVENT_ROUTING_KEY);
    }

    /** Deletes everything {@link #declare} made; for tests that use a unique prefix. */
    public void delete(Channel channel) throws IOException {
        for (String queue : new String[]{commandsQueue(), eventsQueue(), deadCommandsQueue(), deadEventsQueue()}) {
            channel.queueDelete(queue);
        }
        for (String exchange : new String[]{commandsExchange(), eventsExchange(), deadLetterExchange()}) {
            channel.exchangeDelete(exchange);
        }
    }
}
