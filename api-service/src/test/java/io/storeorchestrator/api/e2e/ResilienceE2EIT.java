package io.storeorchestrator.api.e2e;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.messaging.ConfirmingPublisher;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.common.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The skeleton's guarantees under the outages an operator meets, through the REST API with the real services: the
 * broker gone for 30 s, PostgreSQL restarting, and garbage on the queues. Nothing accepted is lost, and the platform
 * carries on by itself once the outage ends.
 */
class ResilienceE2EIT {

    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    private static PlatformStack stack;
    private static TcpProxy broker;
    private static ApiClient api;

    @BeforeAll
    static void startPlatform() {
        stack = new PlatformStack(ClusterSimConfig.forTests());
        broker = stack.proxyBroker();
        api = stack.startApi(Map.of());
        stack.startWorker("provisioner-worker-resilience", Map.of());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void rabbitMqDownForThirtySecondsLosesNoAcceptedRequest() throws Exception {
        broker.stop();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ApiClient.Reply created = api.createStore("outage-" + i + "-" + suffix(), "woocommerce");
                assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
                ids.add(created.body().path("id").asText());
            }
            // Accepted into PostgreSQL with its outbox row; nothing can move while the broker is away.
            await("the outage").during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(35))
                    .until(() -> ids.stream().allMatch(id -> api.status(id).equals("QUEUED")));
        } finally {
            broker.start();
        }
        for (String id : ids) {
            await("READY after the broker came back").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(api.status(id)).isEqualTo("READY"));
        }
    }

    @Test
    void aPostgresRestartGives503sAndLosesNothing() {
        String before = api.createStore("pg-before-" + suffix(), "woocommerce").body().path("id").asText();
        stack.database().setAvailable(false);
        try {
            ApiClient.Reply refused = await("503 while PostgreSQL is down").atMost(Duration.ofSeconds(20))
                    .until(() -> api.createStore("pg-during-" + suffix(), "woocommerce"), r -> r.status() == 503);
            assertThat(refused.body().path("error").path("code").asText()).isEqualTo("DATABASE_UNAVAILABLE");
        } finally {
            stack.database().setAvailable(true);
        }
        String after = await("PostgreSQL back").atMost(Duration.ofSeconds(30))
                .until(() -> api.createStore("pg-after-" + suffix(), "woocommerce"), r -> r.status() == 202)
                .body().path("id").asText();
        for (String id : List.of(before, after)) {
            await("READY after the restart").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(api.status(id)).isEqualTo("READY"));
        }
    }

    @Test
    void aFifthOfKubernetesWritesFailingLeavesNoStoreStuckAndNoNamespaceBehind() {
        stack.cluster().knobs().setWriteFaultRate(0.2);
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                ids.add(api.createStore("faulty-" + i + "-" + suffix(), "woocommerce").body().path("id").asText());
            }
            for (String id : ids) {
                await("READY through the faults").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(api.status(id)).as("timeline %s", api.timeline(id))
                                .isEqualTo("READY"));
            }
            assertThat(ids).anySatisfy(id -> assertThat(api.timeline(id)).anyMatch(line -> line.startsWith("WARNING")));
            ids.forEach(id -> assertThat(api.deleteStore(id).status()).isEqualTo(202));
            for (String id : ids) {
                await("DELETED through the faults").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(api.status(id)).isEqualTo("DELETED"));
            }
        } finally {
            stack.cluster().knobs().setWriteFaultRate(0);
        }
        assertThat(ids).allSatisfy(id -> assertThat(stack.kubernetes().namespaces()
                .withName("store-" + id).get()).as("namespace of %s", id).isNull());
        assertThat(stack.cluster().requestStats().faults()).isPositive();
    }

    @Test
    void malformedMessagesAreDeadLetteredAndTheConsumersGoOn() throws Exception {
        Topology topology = stack.broker().settings().topology();
        String badCommand = "bad-command-" + suffix();
        String badEvent = "bad-event-" + suffix();
        try (RabbitConnector connector = new RabbitConnector(stack.broker().settings(), "e2e-garbage");
             ConfirmingPublisher publisher = new ConfirmingPublisher(connector)) {
            publisher.publishAll(List.of(
                    new OutgoingMessage(topology.commandsExchange(), "provision", badCommand, "StoreCommand",
                            "{not json".getBytes(StandardCharsets.UTF_8)),
                    new OutgoingMessage(topology.eventsExchange(), Topology.EVENT_ROUTING_KEY, badEvent, "StoreEvent",
                            "{\"eventId\":42}".getBytes(StandardCharsets.UTF_8))));

            String id = api.createStore("after-garbage-" + suffix(), "woocommerce").body().path("id").asText();
            await("READY after the garbage").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(api.status(id)).isEqualTo("READY"));

            try (Channel channel = connector.openChannel()) {
                assertThat(drain(channel, topology.deadCommandsQueue())).contains(badCommand);
                assertThat(drain(channel, topology.deadEventsQueue())).contains(badEvent);
            }
        }
    }

    private static List<String> drain(Channel channel, String queue) throws Exception {
        List<String> ids = new ArrayList<>();
        for (GetResponse message = channel.basicGet(queue, true); message != null;
             message = channel.basicGet(queue, true)) {
            ids.add(message.getProps().getMessageId());
        }
        return ids;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
