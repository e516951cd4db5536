package io.storeorchestrator.common.messaging;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole RabbitMQ topology, declared in this one place by every service on connect (declaring is idempotent).
 *
 * <pre>
 * store.commands (direct) --provision|teardown--> store.commands (quorum) --after N deliveries or reject--> store.dead-letter
 * store.events   (direct) --event-->              store.events   (quorum, single active consumer)        --> store.dead-letter
 * store.dead-letter (direct) --commands--> store.commands.dead ; --events--> store.events.dead
 * store.commands.wait.&lt;delay&gt; (quorum, message TTL = delay, no consumer) --on expiry, routing key wake-->
 *     store.commands
 * </pre>
 *
 * <p>The wait queues are how a store waits without holding anything: a worker parks a store by publishing its
 * command there, and the broker hands it back to the commands queue once the delay has passed, however many
 * workers died meanwhile. One queue per delay tier (every message in a queue has the same TTL, so none waits behind
 * a longer one); dead-lettering is at-least-once, so an expiring message is never dropped.
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
    /** Routing key of commands coming back from a wait queue. */
    public static final String WAKE_ROUTING_KEY = "wake";
    /** The delays a command can be parked for; a requested delay is rounded up to the next tier. */
    public static final List<Duration> WAIT_TIERS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(5));

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

    /** The wait tier a delay rounds up to (the longest tier for anything longer). */
    public static Duration waitTier(Duration delay) {
        return WAIT_TIERS.stream().filter(tier -> tier.compareTo(delay) >= 0).findFirst()
                .orElse(WAIT_TIERS.getLast());
    }

    /** The queue that parks commands for {@code tier} (one of {@link #WAIT_TIERS}). */
    public String waitQueue(Duration tier) {
        return prefix + "store.commands.wait." + tier.toSeconds() + "s";
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
        channel.queueBind(commandsQueue(), commandsExchange(), WAKE_ROUTING_KEY);
        for (Duration tier : WAIT_TIERS) {
            channel.queueDeclare(waitQueue(tier), true, false, false, Map.of(
                    "x-queue-type", "quorum",
                    "x-message-ttl", tier.toMillis(),
                    "x-overflow", "reject-publish",
                    "x-dead-letter-strategy", "at-least-once",
                    "x-dead-letter-exchange", commandsExchange(),
                    "x-dead-letter-routing-key", WAKE_ROUTING_KEY));
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
        for (Duration tier : WAIT_TIERS) {
            channel.queueDelete(waitQueue(tier));
        }
        for (String exchange : new String[]{commandsExchange(), eventsExchange(), deadLetterExchange()}) {
            channel.exchangeDelete(exchange);
        }
    }
}
