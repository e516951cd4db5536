package io.storeorchestrator.common.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import io.storeorchestrator.common.testsupport.TcpProxy;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The supervised consumer against the real RabbitMQ: settlement from other threads, outages, cancellation, drain. */
class SupervisedConsumerIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A delivery as the handler received it. */
    private record Received(Delivery delivery, SupervisedConsumer.Settlement settlement) {
        String body() {
            return new String(delivery.getBody(), StandardCharsets.UTF_8);
        }
    }

    private TestBroker broker;
    private RabbitConnector admin;
    private ConfirmingPublisher publisher;
    private RabbitConnector consumerConnection;
    private SupervisedConsumer consumer;
    private TcpProxy proxy;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() {
        broker = TestBroker.create();
        admin = new RabbitConnector(broker.settings(), "supervised-consumer-test");
        publisher = new ConfirmingPublisher(admin);
    }

    @AfterEach
    void tearDown() {
        TestResources.closeAll(broker, admin, publisher, proxy, consumerConnection, consumer);
    }

    @Test
    void deliveriesAreSettledFromOtherThreadsAndRedeliveriesAreCounted() throws Exception {
        start(broker.settings(), 5);
        publish("first");
        Received first = next();
        assertThat(first.body()).isEqualTo("first");
        assertThat(SupervisedConsumer.deliveryCount(first.delivery())).isZero();
        assertThat(CompletableFuture.supplyAsync(() -> first.settlement().requeue()).get()).isTrue();

        Received again = next();
        assertThat(again.body()).isEqualTo("first");
        assertThat(SupervisedConsumer.deliveryCount(again.delivery())).isEqualTo(1);
        assertThat(CompletableFuture.supplyAsync(() -> again.settlement().ack()).get()).isTrue();
        assertThat(again.settlement().ack()).as("the first settlement wins").isFalse();

        publish("poison");
        assertThat(next().settlement().deadLetter()).isTrue();
        await().atMost(WAIT).until(() -> depth(topology().deadCommandsQueue()) == 1);
        assertThat(depth(topology().commandsQueue())).isZero();
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("nothing else was delivered").isNull();
    }

    @Test
    void aLostConnectionIsReplacedAndTheOldChannelIsNotSettled() throws Exception {
        start(broker.settings(), 5);
        publish("held");
        Received held = next();

        consumerConnection.connection().abort();
        Received redelivered = next();
        assertThat(redelivered.body()).isEqualTo("held");
        assertThat(consumer.isConsuming()).isTrue();
        assertThat(held.settlement().ack()).as("its delivery tag means nothing on the new channel").isFalse();
        assertThat(redelivered.settlement().ack()).isTrue();
        await().atMost(WAIT).until(() -> depth(topology().commandsQueue()) == 0);
    }

    @Test
    void startsWhileTheBrokerIsDownAndComesBackAfterAnOutage() throws Exception {
        proxy = new TcpProxy(broker.host(), broker.port());
        RabbitSettings viaProxy = new RabbitSettings(broker.host(), proxy.port(), broker.settings().username(),
                broker.settings().password(), broker.settings().vhost(), broker.prefix(), Duration.ofSeconds(5));
        start(viaProxy, 5);
        await().during(Duration.ofMillis(700)).atMost(WAIT).until(() -> !consumer.isConsuming());

        proxy.start();
        await().atMost(WAIT).until(consumer::isConsuming);
        publish("after-start");
        next().settlement().ack();

        proxy.stop();
        await().atMost(WAIT).until(() -> !consumer.isConsuming());
        publish("during-outage");
        proxy.start();
        await().atMost(WAIT).until(consumer::isConsuming);
        // The first message's ack may have been cut off with the connection: it may come again (at-least-once).
        Received late = next();
        while (late.body().equals("after-start")) {
            late.settlement().ack();
            late = next();
        }
        assertThat(late.body()).isEqualTo("during-outage");
        assertThat(late.settlement().ack()).isTrue();
    }

    @Test
    void aConsumerCancelledByTheBrokerIsSubscribedAgain() throws Exception {
        start(broker.settings(), 5);
        await().atMost(WAIT).until(consumer::isConsuming);
        try (Channel channel = admin.openChannel()) {
            channel.queueDelete(topology().commandsQueue());
            await().atMost(WAIT).until(() -> !consumer.isConsuming());
            // Subscribing fails until the queue exists again; the supervisor keeps trying.
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !consumer.isConsuming());
            topology().declare(channel);
        }
        await().atMost(WAIT).until(consumer::isConsuming);
        publish("after-cancel");
        assertThat(next().settlement().ack()).isTrue();
    }

    @Test
    void stopWaitsForDeliveriesInHandThenHandsTheRestBack() throws Exception {
        start(broker.settings(), 2);
        publish("settled-during-drain");
        publish("never-settled");
        Received first = next();
        next();

        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> consumer.stop(Duration.ofSeconds(2)));
        await("stop waits for the delivery in hand").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> !stopped.isDone());
        assertThat(first.settlement().ack()).as("the draining channel still settles").isTrue();
        assertThat(stopped.get(10, TimeUnit.SECONDS)).as("one delivery was never settled").isFalse();
        assertThat(consumer.isConsuming()).isFalse();
        await().atMost(WAIT).until(() -> depth(topology().commandsQueue()) == 1);
    }

    private void start(RabbitSettings settings, int prefetch) {
        consumerConnection = new RabbitConnector(settings, "supervised-consumer");
        consumer = new SupervisedConsumer(consumerConnection, topology().commandsQueue(), prefetch,
                (delivery, settlement) -> received.add(new Received(delivery, settlement)));
        consumer.start();
    }

    private Topology topology() {
        return broker.settings().topology();
    }

    private void publish(String body) {
        publisher.publish(new OutgoingMessage(topology().commandsExchange(), CommandType.PROVISION.routingKey(), body,
                "test", body.getBytes(StandardCharsets.UTF_8)));
    }

    private Received next() throws InterruptedException {
        Received next = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(next).as("a delivery within " + WAIT).isNotNull();
        return next;
    }

    private long depth(String queue) throws Exception {
        try (Channel channel = admin.openChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }
}
