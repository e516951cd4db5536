package io.storeorchestrator.common.messaging;

import io.storeorchestrator.common.lifecycle.StepName;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.testsupport.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The topology on the real RabbitMQ: confirmed publishing, routing, and dead-lettering of rejected commands. */
class TopologyIT {

    private static TestBroker broker;
    private static RabbitConnector connector;

    @BeforeAll
    static void connect() {
        broker = TestBroker.create();
        connector = new RabbitConnector(broker.settings(), "topology-it");
    }

    @AfterAll
    static void cleanUp() {
        connector.close();
        broker.close();
    }

    @Test
    void declaringTwiceIsHarmless() throws Exception {
        try (Channel channel = connector.openChannel()) {
            broker.settings().topology().declare(channel);
            broker.settings().topology().declare(channel);
        }
    }

    @Test
    void confirmedCommandsAreRoutedAndRejectedOnesAreDeadLettered() throws Exception {
        Topology topology = broker.settings().topology();
        StoreCommand command = new StoreCommand(UUID.randomUUID(), CommandType.TEARDOWN, UUID.randomUUID(), "shop",
                Engine.WOOCOMMERCE, 1, "store-x", "shop.example.com", null, Instant.now(), null);
        try (ConfirmingPublisher publisher = new ConfirmingPublisher(connector);
             Channel channel = connector.openChannel()) {
            publisher.publish(OutgoingMessage.command(topology, command));

            GetResponse delivered = await().atMost(Duration.ofSeconds(10))
                    .until(() -> channel.basicGet(topology.commandsQueue(), false), r -> r != null);
            assertThat(MessageCodec.decode(delivered.getBody(), StoreCommand.class)).isEqualTo(command);
            assertThat(delivered.getProps().getDeliveryMode()).isEqualTo(2);
            assertThat(delivered.getProps().getMessageId()).isEqualTo(command.commandId().toString());

            channel.basicReject(delivered.getEnvelope().getDeliveryTag(), false);
            GetResponse dead = await().atMost(Duration.ofSeconds(10))
                    .until(() -> channel.basicGet(topology.deadCommandsQueue(), true), r -> r != null);
            assertThat(MessageCodec.decode(dead.getBody(), StoreCommand.class).commandId())
                    .isEqualTo(command.commandId());
        }
    }

    @Test
    void eventsReachTheEventsQueue() throws Exception {
        Topology topology = broker.settings().topology();
        StoreEvent event = StoreEvent.of(UUID.randomUUID(), 1, StoreEventType.READY, StepName.WAIT_READY, "ready");
        try (ConfirmingPublisher publisher = new ConfirmingPublisher(connector);
             Channel channel = connector.openChannel()) {
            publisher.publish(OutgoingMessage.event(topology, event));
            // basic.get is refused on a single-active-consumer quorum queue, so consume it the way the API does.
            java.util.concurrent.BlockingQueue<byte[]> received = new java.util.concurrent.LinkedBlockingQueue<>();
            channel.basicConsume(topology.eventsQueue(), true, (tag, delivery) -> received.add(delivery.getBody()),
                    tag -> { });
            byte[] body = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(body).isNotNull();
            assertThat(MessageCodec.decode(body, StoreEvent.class)).isEqualTo(event);
        }
    }

    @Test
    void anUnreachableBrokerIsReportedNotHung() {
        RabbitSettings nowhere = new RabbitSettings("127.0.0.1", 1, "guest", "s3cret-pw", "/", "x.", Duration.ofSeconds(1));
        try (RabbitConnector dead = new RabbitConnector(nowhere, "nowhere");
             ConfirmingPublisher publisher = new ConfirmingPublisher(dead)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> publisher.publish(
                            OutgoingMessage.event(nowhere.topology(),
                                    StoreEvent.of(UUID.randomUUID(), 1, StoreEventType.STEP, StepName.NAMESPACE, "m"))))
                    .isInstanceOf(BrokerUnavailableException.class);
            assertThat(nowhere.toString()).doesNotContain("s3cret-pw");
        }
    }
}
