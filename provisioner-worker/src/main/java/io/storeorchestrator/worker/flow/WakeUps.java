package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.messaging.ConfirmingPublisher;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.Topology;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Durable wake-ups: a parked command goes to the wait queue of its delay and comes back to the commands queue when
 * the delay has passed, to whichever worker is alive then. Confirmed before the delivery that parked it is acked, so
 * a store is never left waiting with nothing to wake it.
 */
@Singleton
public final class WakeUps {

    private final ConfirmingPublisher publisher;
    private final Topology topology;

    public WakeUps(ConfirmingPublisher publisher, Topology topology) {
        this.publisher = publisher;
        this.topology = topology;
    }

    /** @throws io.storeorchestrator.common.messaging.BrokerUnavailableException when not confirmed */
    public void schedule(StoreCommand command, Duration after) {
        publisher.publish(message(command, after));
    }

    /** The wake-up as a message, to publish with other messages under one confirm. */
    public OutgoingMessage message(StoreCommand command, Duration after) {
        return OutgoingMessage.parked(topology, command, Topology.waitTier(after));
    }
}
