package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.messaging.ConfirmingPublisher;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.Topology;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a store's progress to the API. Returns only once the broker confirmed, so a command acked after its last
 * event can never lose that event.
 */
@Singleton
public final class EventReporter {

    private static final Logger LOG = LoggerFactory.getLogger(EventReporter.class);

    private final ConfirmingPublisher publisher;
    private final Topology topology;

    public EventReporter(ConfirmingPublisher publisher, Topology topology) {
        this.publisher = publisher;
        this.topology = topology;
    }

    /** @throws io.storeorchestrator.common.messaging.BrokerUnavailableException when not confirmed */
    public void report(StoreEvent event) {
        publisher.publish(OutgoingMessage.event(topology, event));
        LOG.info("{} {}: {}", event.type(), event.step(), event.message());
    }
}
