package io.storeorchestrator.api.events;

import com.rabbitmq.client.Delivery;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.storeorchestrator.api.metrics.ApiMetrics;
import io.storeorchestrator.api.store.TimelineRepository;
import io.storeorchestrator.common.database.DatabaseFailures;
import io.storeorchestrator.common.messaging.MalformedMessageException;
import io.storeorchestrator.common.messaging.MessageCodec;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.messaging.SupervisedConsumer;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.common.tracing.Tracing;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Applies worker and reaper events from the events queue: decode, then {@link EventApplier}, a batch at a time.
 * The queue has a single active consumer, so one replica applies them, in order. Deliveries collect while a batch
 * is being written, and the next batch takes whatever arrived (up to {@value #BATCH_MAX}): one transaction per
 * batch under load, one per event when it is quiet. Each event is acked only after its batch committed.
 *
 * <p>Once a batch committed, its events are counted (by type, with their lag, failures by reason, time to ready) and,
 * with tracing on, each event that carries a trace context gets a span in it.
 *
 * <p>Malformed events and events for stores that do not exist are dead-lettered. Through a database outage the batch
 * is held, not handed back: requeueing would count against the queue's delivery limit, and a long outage would then
 * dead-letter perfectly good events (and lose their order).
 */
@Singleton
public class EventsConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(EventsConsumer.class);
    /** Events written per transaction at most. */
    static final int BATCH_MAX = 100;
    /** Two batches' worth: the next one arrives while one is being written. */
    private static final int PREFETCH = 2 * BATCH_MAX;
    /** How long shutdown lets the batch in hand commit; the rest is redelivered to the next consumer. */
    private static final Duration DRAIN = Duration.ofSeconds(5);
    /** Pause before handing back an event that failed for a reason other than a database outage. */
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(2);
    /** Backoff bounds while holding a batch through a database outage. */
    private static final Duration OUTAGE_FIRST_WAIT = Duration.ofMillis(250);
    private static final Duration OUTAGE_MAX_WAIT = Duration.ofSeconds(5);

    private record Received(Delivery delivery, SupervisedConsumer.Settlement settlement) {
    }

    /** @param trace the context the event's message carried; null when tracing is off */
    private record Decoded(StoreEvent event, SupervisedConsumer.Settlement settlement, Context trace) {
    }

    private final EventApplier applier;
    private final ApiMetrics metrics;
    private final TimelineRepository timeline;
    private final Tracing tracing;
    private final SupervisedConsumer consumer;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Thread applying;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean running = true;

    public EventsConsumer(RabbitConnector connector, Topology topology, EventApplier applier, ApiMetrics metrics,
                          TimelineRepository timeline, Tracing tracing) {
        this.applier = applier;
        this.metrics = metrics;
        this.timeline = timeline;
        this.tracing = tracing;
        this.consumer = new SupervisedConsumer(connector, topology.eventsQueue(), PREFETCH,
                (delivery, settlement) -> received.add(new Received(delivery, settlement)));
        this.applying = Thread.ofPlatform().name("events-applier").daemon().unstarted(this::applyLoop);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        start();
    }

    public void start() {
        if (started.compareAndSet(false, true)) {
            applying.start();
            consumer.start();
        }
    }

    /** Stops taking events, lets the batch in hand commit (up to {@link #DRAIN}), then stops applying. */
    @PreDestroy
    public void stop() {
        consumer.stop(DRAIN);
        running = false;
        applying.interrupt();
    }

    /** True while a consumer is registered on the events queue. */
    public boolean isSubscribed() {
        return consumer.isConsuming();
    }

    private void applyLoop() {
        while (running) {
            Received first;
            try {
                first = received.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            List<Received> batch = new ArrayList<>();
            batch.add(first);
            received.drainTo(batch, BATCH_MAX - 1);
            apply(decode(batch));
        }
    }

    private List<Decoded> decode(List<Received> batch) {
        List<Decoded> decoded = new ArrayList<>(batch.size());
        for (Received one : batch) {
            try {
                decoded.add(new Decoded(MessageCodec.decode(one.delivery().getBody(), StoreEvent.class),
                        one.settlement(), tracing.enabled()
                        ? Tracing.extract(one.delivery().getProperties().getHeaders()) : null));
            } catch (MalformedMessageException e) {
                LOG.warn("Dead-lettering malformed event (message id {}): {}",
                        one.delivery().getProperties().getMessageId(), e.getMessage());
                metrics.deadLettered();
                one.settlement().deadLetter();
            }
        }
        return decoded;
    }

    private void apply(List<Decoded> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<EventApplier.Outcome> outcomes;
        Instant started = Instant.now();
        try {
            outcomes = applyThroughDatabaseOutages(batch.stream().map(Decoded::event).toList());
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                // One event spoils the whole transaction (data the database refuses, or a bug): one at a time finds it
                // and lets the others through.
                LOG.warn("A batch of {} events failed ({}); applying them one at a time", batch.size(), e.getMessage());
                batch.forEach(one -> apply(List.of(one)));
            } else {
                failed(batch.getFirst(), e);
            }
            return;
        }
        if (outcomes == null) {
            return; // stopping: unsettled, so the broker hands the events to the next consumer
        }
        observe(batch, outcomes, started);
        for (int i = 0; i < batch.size(); i++) {
            Decoded one = batch.get(i);
            if (outcomes.get(i) == EventApplier.Outcome.UNKNOWN_STORE) {
                try (MDC.MDCCloseable ignored = MDC.putCloseable("storeId", one.event().storeId().toString())) {
                    LOG.warn("Dead-lettering event {} ({}) for unknown store {}", one.event().eventId(),
                            one.event().type(), one.event().storeId());
                }
                metrics.deadLettered();
                one.settlement().deadLetter();
            } else {
                LOG.debug("Event {} {} for store {}: {}", one.event().eventId(), one.event().type(),
                        one.event().storeId(), outcomes.get(i));
                one.settlement().ack();
            }
        }
    }

    private void failed(Decoded one, RuntimeException error) {
        if (DatabaseFailures.isPermanentDataError(error)) {
            LOG.warn("Dead-lettering event {} the database refuses: {}", one.event().eventId(), error.getMessage());
            metrics.deadLettered();
            one.settlement().deadLetter();
            return;
        }
        LOG.error("Could not apply event {}; handing it back after {}", one.event().eventId(), FAILURE_PAUSE, error);
        pause(FAILURE_PAUSE);
        one.settlement().requeue();
    }

    /**
     * Counts what a committed batch did and, with tracing on, gives each event that carries a trace context a span
     * (from the batch's start to its commit) in its store's trace.
     */
    private void observe(List<Decoded> batch, List<EventApplier.Outcome> outcomes, Instant started) {
        Instant now = Instant.now();
        Map<UUID, Long> becameReady = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            StoreEvent event = batch.get(i).event();
            EventApplier.Outcome outcome = outcomes.get(i);
            if (outcome != EventApplier.Outcome.DUPLICATE && outcome != EventApplier.Outcome.UNKNOWN_STORE) {
                metrics.applied(event.type(), Duration.between(event.occurredAt(), now));
            }
            if (outcome == EventApplier.Outcome.STATUS_CHANGED && event.type() == StoreEventType.FAILED) {
                metrics.failed(event.failure().reason());
            }
            if (outcome == EventApplier.Outcome.STATUS_CHANGED && event.type() == StoreEventType.READY) {
                becameReady.put(event.storeId(), event.generation());
            }
            Context trace = batch.get(i).trace();
            if (trace != null && Span.fromContext(trace).getSpanContext().isValid()) {
                tracing.span("process " + Topology.standard().eventsQueue(), SpanKind.CONSUMER)
                        .setParent(trace)
                        .setStartTimestamp(started)
                        .setAttribute("messaging.system", "rabbitmq")
                        .setAttribute("messaging.operation.type", "process")
                        .setAttribute("store_orchestrator.store.id", event.storeId().toString())
                        .setAttribute("store_orchestrator.event.type", event.type().name())
                        .setAttribute("store_orchestrator.step", event.step())
                        .setAttribute("store_orchestrator.outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                        .startSpan()
                        .end(now);
            }
        }
        if (!becameReady.isEmpty()) {
            try {
                timeline.acceptedAt(becameReady).values()
                        .forEach(accepted -> metrics.ready(Duration.between(accepted, now)));
            } catch (RuntimeException e) {
                LOG.debug("could not read when the stores that became READY were accepted", e);
            }
        }
    }

    /** Applies the batch, holding it while the database is unreachable. Returns null only when stopping. */
    private List<EventApplier.Outcome> applyThroughDatabaseOutages(List<StoreEvent> events) {
        Duration wait = OUTAGE_FIRST_WAIT;
        boolean logged = false;
        while (running) {
            try {
                List<EventApplier.Outcome> outcomes = applier.applyAll(events);
                if (logged) {
                    LOG.info("Database reachable again; applied {} held events", events.size());
                }
                return outcomes;
            } catch (RuntimeException e) {
                if (!DatabaseFailures.isUnavailable(e)) {
                    throw e;
                }
                if (!logged) {
                    LOG.warn("Database unavailable while applying {} events; holding them until it returns: {}",
                            events.size(), e.getMessage());
                    logged = true;
                }
                pause(wait);
                wait = wait.multipliedBy(2).compareTo(OUTAGE_MAX_WAIT) > 0 ? OUTAGE_MAX_WAIT : wait.multipliedBy(2);
            }
        }
        return null;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
