package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.messaging.ConfirmingPublisher;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.worker.messaging.WorkerMetrics;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Sends a store's progress to the API. Returns only once the broker confirmed, so a command acked after its last
 * event can never lose that event.
 */
@Singleton
public final class EventReporter {

    private static final Logger LOG = LoggerFactory.getLogger(EventReporter.class);

    private final ConfirmingPublisher publisher;
    private final Topology topology;
    private final WorkerMetrics metrics;

    public EventReporter(ConfirmingPublisher publisher, Topology topology, WorkerMetrics metrics) {
        this.publisher = publisher;
        this.topology = topology;
        this.metrics = metrics;
    }

    /**
     * Publishes the events and waits for one confirm covering all of them.
     *
     * @throws io.storeorchestrator.common.messaging.BrokerUnavailableException when not confirmed
     */
    public void report(List<StoreEvent> events) {
        report(events, List.of());
    }

    /** The events, then {@code alongside}, all under one confirm. */
    public void report(List<StoreEvent> events, List<OutgoingMessage> alongside) {
        List<OutgoingMessage> messages = new java.util.ArrayList<>(events.size() + alongside.size());
        events.forEach(event -> messages.add(OutgoingMessage.event(topology, event)));
        messages.addAll(alongside);
        publisher.publishAll(messages);
        metrics.reported(events);
        if (LOG.isDebugEnabled()) {
            events.forEach(event -> LOG.debug("{} {}: {}", event.type(), event.step(), event.message()));
        }
    }
}
