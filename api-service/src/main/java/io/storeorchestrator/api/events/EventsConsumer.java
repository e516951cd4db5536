package io.storeorchestrator.api.events;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.storeorchestrator.common.database.DatabaseFailures;
import io.storeorchestrator.common.messaging.MalformedMessageException;
import io.storeorchestrator.common.messaging.MessageCodec;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.StoreEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Consumes worker and reaper events from the events queue (quorum, single active consumer, so one replica applies
 * them in order) and hands each to {@link EventApplier}. Manual acks: an event is acked only after its transaction
 * committed. A supervisor re-subscribes whenever the channel is gone, so the service starts, and keeps running,
 * while RabbitMQ is down.
 */
@Singleton
public class EventsConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(EventsConsumer.class);
    private static final int PREFETCH = 20;
    private static final Duration SUPERVISE_EVERY = Duration.ofSeconds(1);
    /** Pause before handing back an event that failed for a reason other than a database outage. */
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(2);
    /** Backoff bounds while holding an event through a database outage. */
    private static final Duration OUTAGE_FIRST_WAIT = Duration.ofMillis(250);
    private static final Duration OUTAGE_MAX_WAIT = Duration.ofSeconds(5);

    private final RabbitConnector connector;
    private final EventApplier applier;
    private final String queue;
    private final AtomicBoolean started = new AtomicBoolean();
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "events-consumer-supervisor");
        t.setDaemon(true);
        return t;
    });
    private volatile Channel channel;
    private volatile boolean running = true;
    private boolean brokerOutageLogged;

    public EventsConsumer(RabbitConnector connector, EventApplier applier) {
        this.connector = connector;
        this.applier = applier;
        this.queue = connector.topology().eventsQueue();
    }

    @EventListener
    void onStartup(StartupEvent event) {
        start();
    }

    public void start() {
        if (started.compareAndSet(false, true)) {
            supervisor.scheduleWithFixedDelay(this::ensureSubscribed, 0, SUPERVISE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    public void stop() {
        running = false;
        supervisor.shutdownNow();
        Channel current = channel;
        if (current != null && current.isOpen()) {
            try {
                current.close();
            } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
                LOG.debug("closing events channel", e);
            }
        }
    }

    /** True while a consumer is registered on the events queue. */
    public boolean isSubscribed() {
        Channel current = channel;
        return current != null && current.isOpen();
    }

    private void ensureSubscribed() {
        if (!running || isSubscribed()) {
            return;
        }
        try {
            Channel fresh = connector.openChannel();
            fresh.basicQos(PREFETCH);
            fresh.basicConsume(queue, false, "api-service-events",
                    (tag, delivery) -> handle(fresh, delivery),
                    tag -> {
                        LOG.warn("Events consumer was cancelled by the broker; re-subscribing");
                        closeQuietly(fresh);
                    });
            channel = fresh;
            if (brokerOutageLogged) {
                LOG.info("Events consumer re-subscribed to {}", queue);
            } else {
                LOG.info("Events consumer subscribed to {}", queue);
            }
            brokerOutageLogged = false;
        } catch (IOException | RuntimeException e) {
            // BrokerUnavailableException included: the broker is down or the queue is not there yet.
            if (!brokerOutageLogged) {
                LOG.warn("Events consumer cannot subscribe to {} yet ({}); will keep trying", queue, e.getMessage());
                brokerOutageLogged = true;
            }
        }
    }

    /** Thin: decode, apply, acknowledge. Runs on the RabbitMQ client's consumer thread for this channel. */
    void handle(Channel ch, Delivery delivery) throws IOException {
        long tag = delivery.getEnvelope().getDeliveryTag();
        StoreEvent event;
        try {
            event = MessageCodec.decode(delivery.getBody(), StoreEvent.class);
        } catch (MalformedMessageException e) {
            LOG.warn("Dead-lettering malformed event (message id {}): {}", delivery.getProperties().getMessageId(),
                    e.getMessage());
            ch.basicReject(tag, false);
            return;
        }
        try {
            EventApplier.Outcome outcome = applyThroughDatabaseOutages(event);
            if (outcome == null) {
                return; // shutting down: unacked, so the broker hands the event to the next consumer
            }
            if (outcome == EventApplier.Outcome.UNKNOWN_STORE) {
                LOG.warn("Dead-lettering event {} ({}) for unknown store {}", event.eventId(), event.type(), event.storeId());
                ch.basicReject(tag, false);
                return;
            }
            LOG.debug("Event {} {} for store {}: {}", event.eventId(), event.type(), event.storeId(), outcome);
            ch.basicAck(tag, false);
        } catch (RuntimeException e) {
            if (DatabaseFailures.isPermanentDataError(e)) {
                LOG.warn("Dead-lettering event {} the database refuses: {}", event.eventId(), e.getMessage());
                ch.basicReject(tag, false);
                return;
            }
            LOG.error("Could not apply event {}; handing it back after {}", event.eventId(), FAILURE_PAUSE, e);
            pause(FAILURE_PAUSE);
            ch.basicNack(tag, false, true);
        }
    }

    /**
     * Applies the event, holding on to it while the database is unreachable. Handing it back instead would count
     * against the queue's delivery limit, and a long enough outage would then dead-letter perfectly good events;
     * holding it also keeps the store's events in order. Returns null only when the consumer is stopping.
     */
    private EventApplier.Outcome applyThroughDatabaseOutages(StoreEvent event) {
        Duration wait = OUTAGE_FIRST_WAIT;
        boolean logged = false;
        while (running) {
            try {
                EventApplier.Outcome outcome = applier.apply(event);
                if (logged) {
                    LOG.info("Database reachable again; applied held event {}", event.eventId());
                }
                return outcome;
            } catch (RuntimeException e) {
                if (!DatabaseFailures.isUnavailable(e)) {
                    throw e;
                }
                if (!logged) {
                    LOG.warn("Database unavailable while applying event {}; holding it until the database returns: {}",
                            event.eventId(), e.getMessage());
                    logged = true;
                }
                pause(wait);
                wait = wait.multipliedBy(2).compareTo(OUTAGE_MAX_WAIT) > 0 ? OUTAGE_MAX_WAIT : wait.multipliedBy(2);
            }
        }
        return null;
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Channel ch) {
        try {
            if (ch.isOpen()) {
                ch.close();
            }
        } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
            LOG.debug("closing cancelled events channel", e);
        }
    }
}
