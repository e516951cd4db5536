package io.storeorchestrator.worker.it;

import io.micronaut.runtime.server.EmbeddedServer;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.testsupport.TcpProxy;
import io.storeorchestrator.worker.messaging.CommandConsumer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker starts without RabbitMQ, consumes once it appears, and comes back after it goes away again. */
class BrokerOutageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void startsWithoutTheBrokerAndRecoversAfterAnOutage() throws Exception {
        try (TcpProxy broker = new TcpProxy("127.0.0.1", 5672);
             WorkerHarness harness = new WorkerHarness()) {
            // The worker reaches RabbitMQ only through the proxy, which is not listening yet.
            EmbeddedServer worker = harness.startWorker(Map.of("rabbitmq.port", broker.port()));
            {
                CommandConsumer consumer = worker.getApplicationContext().getBean(CommandConsumer.class);
                assertThat(worker.isRunning()).isTrue();
                assertThat(consumer.isConsuming()).isFalse();

                broker.start();
                await().atMost(TIMEOUT).until(consumer::isConsuming);
                StoreCommand first = harness.createStore("first-" + suffix());
                harness.send(first);
                await().atMost(TIMEOUT).until(() -> harness.eventsOf(first.storeId()).stream()
                        .anyMatch(e -> e.type() == StoreEventType.READY));

                broker.stop();
                await().atMost(TIMEOUT).until(() -> !consumer.isConsuming());
                broker.start();
                StoreCommand second = harness.createStore("second-" + suffix());
                harness.send(second);
                await().atMost(TIMEOUT).until(() -> harness.eventsOf(second.storeId()).stream()
                        .anyMatch(e -> e.type() == StoreEventType.READY));
            }
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
