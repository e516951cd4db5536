package io.storeorchestrator.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.GetResponse;
import io.storeorchestrator.api.support.ApiFixture;
import io.storeorchestrator.api.support.Queues;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.ConfirmingPublisher;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.messaging.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Worker and reaper events published to RabbitMQ, applied by the running service. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsConsumerIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private ApiFixture fixture;
    private RabbitConnector connector;
    private ConfirmingPublisher publisher;
    private Queues queues;
    private Topology topology;

    @BeforeAll
    void start() {
        fixture = ApiFixture.start();
        connector = new RabbitConnector(fixture.broker.settings(), "events-test-publisher");
        publisher = new ConfirmingPublisher(connector);
        queues = new Queues(fixture.broker.settings());
        topology = fixture.broker.settings().topology();
        await().atMost(WAIT).until(() -> fixture.api.bean(EventsConsumer.class).isSubscribed());
    }

    @AfterAll
    void stop() {
        queues.close();
        publisher.close();
        connector.close();
        fixture.close();
    }

    @Test
    void workerEventsMoveTheStoreThroughItsLifecycle() {
        String id = fixture.createStore("lifecycle-shop").get("id").asText();

        publish(event(id, 1, StoreEventType.STARTED, "worker", "picked up"));
        awaitStatus(id, "PROVISIONING");
        publish(event(id, 1, StoreEventType.STEP, "namespace", "created"));
        publish(event(id, 1, StoreEventType.WAITING, "wait-ready", "1/2 pods ready"));
        publish(event(id, 1, StoreEventType.READY, "wait-ready", "serving"));
        JsonNode ready = awaitStatus(id, "READY");
        assertThat(ready.get("readyAt").isNull()).isFalse();
        assertThat(ready.get("statusReason").isNull()).isTrue();

        assertThat(timelineTypes(id)).containsExactly("ACCEPTED", "STARTED", "STEP", "WAITING", "READY");
        List<String> changes = systemAuditDetails(id);
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0)).contains("PROVISIONING -> READY");
        assertThat(changes.get(1)).contains("QUEUED -> PROVISIONING");
    }

    @Test
    void anEventIsHeldThroughADatabaseOutageNotDeadLettered() {
        String id = fixture.createStore("outage-shop").get("id").asText();
        fixture.db.setAvailable(false);
        try {
            publish(event(id, 1, StoreEventType.STARTED, "worker", "picked up"));
            // The consumer holds the event (nothing ready, nothing dead) through several failed attempts; one that
            // handed it back each time would burn through the queue's delivery limit in a longer outage.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                    queues.depth(topology.eventsQueue()) == 0 && queues.depth(topology.deadEventsQueue()) == 0);
        } finally {
            fixture.db.setAvailable(true);
        }
        awaitStatus(id, "PROVISIONING");
        assertThat(queues.drain(topology.deadEventsQueue())).isEmpty();
    }

    @Test
    void aFailureCarriesItsReasonAndStaleGenerationsAreOnlyRecorded() {
        String id = fixture.createStore("stale-shop").get("id").asText();
        publish(event(id, 1, StoreEventType.STARTED, "worker", "picked up"));
        publish(StoreEvent.stepDone(UUID.fromString(id), 1, StepName.NAMESPACE, "Namespace created",
                Duration.ofMillis(42)));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        publish(StoreEvent.failed(UUID.fromString(id), 1, new StoreFailure(StepName.WAIT_READY.id(),
                "CrashLoopBackOff", "container wordpress in pod shop-0 restarted 5 times (exit 1)", at)));
        JsonNode failed = awaitStatus(id, "FAILED");
        assertThat(failed.get("statusReason").asText()).isEqualTo(
                "CrashLoopBackOff: container wordpress in pod shop-0 restarted 5 times (exit 1) (step wait-ready)");
        JsonNode failure = failed.get("failure");
        assertThat(failure.get("step").asText()).isEqualTo("wait-ready");
        assertThat(failure.get("reason").asText()).isEqualTo("CrashLoopBackOff");
        assertThat(failure.get("message").asText()).isEqualTo("container wordpress in pod shop-0 restarted 5 times (exit 1)");
        assertThat(Instant.parse(failure.get("at").asText())).isEqualTo(at);
        JsonNode timeline = fixture.api.get("/api/v1/stores/" + id + "/events").json().get("items");
        assertThat(timeline.get(2).get("durationMs").asLong()).isEqualTo(42);
        assertThat(timeline.get(2).get("reason").isNull()).isTrue();
        assertThat(timeline.get(3).get("reason").asText()).isEqualTo("CrashLoopBackOff");
        assertThat(timeline.get(3).get("durationMs").isNull()).isTrue();

        assertThat(fixture.api.send("POST", "/api/v1/stores/" + id + "/retry", null, null, Map.of()).status()).isEqualTo(202);
        JsonNode retried = fixture.store(id);
        assertThat(retried.get("failure").isNull()).isTrue();
        assertThat(retried.get("statusReason").isNull()).isTrue();
        // A late report from the first attempt must not undo the retry.
        publish(event(id, 1, StoreEventType.FAILED, "wait-ready", "late news from generation 1"));
        publish(event(id, 2, StoreEventType.STARTED, "worker", "picked up again"));
        awaitStatus(id, "PROVISIONING");
        assertThat(timelineTypes(id)).containsExactly("ACCEPTED", "STARTED", "STEP", "FAILED", "ACCEPTED", "FAILED",
                "STARTED");
        assertThat(fixture.store(id).get("generation").asLong()).isEqualTo(2);
    }

    @Test
    void duplicatesAndIllegalMovesChangeNothing() {
        String id = fixture.createStore("dup-shop").get("id").asText();
        StoreEvent started = event(id, 1, StoreEventType.STARTED, "worker", "picked up");
        publish(started);
        publish(started);
        // READY straight from QUEUED is not a legal move for a *different* store state; DELETED without DELETING neither.
        publish(event(id, 1, StoreEventType.DELETED, "wait-namespace-gone", "namespace gone"));
        StoreEvent marker = event(id, 1, StoreEventType.STEP, "namespace", "created");
        publish(marker);
        await().atMost(WAIT).until(() -> timelineTypes(id).size() == 4);
        assertThat(timelineTypes(id)).containsExactly("ACCEPTED", "STARTED", "DELETED", "STEP");
        assertThat(fixture.store(id).get("status").asText()).isEqualTo("PROVISIONING");
        assertThat(systemAuditDetails(id)).hasSize(1);
    }

    @Test
    void deletionCompletesWithTheDeletedEvent() {
        String id = fixture.createStore("gone-shop").get("id").asText();
        assertThat(fixture.api.delete("/api/v1/stores/" + id).status()).isEqualTo(202);
        publish(event(id, 2, StoreEventType.TEARDOWN_STARTED, "delete-namespace", "deleting namespace"));
        publish(event(id, 2, StoreEventType.DELETED, "wait-namespace-gone", "namespace gone"));
        awaitStatus(id, "DELETED");
        assertThat(fixture.api.delete("/api/v1/stores/" + id).status()).isEqualTo(409);
        assertThat(fixture.api.send("POST", "/api/v1/stores/" + id + "/retry", null, null, Map.of()).status()).isEqualTo(409);
    }

    @Test
    void malformedEventsAndEventsForUnknownStoresAreDeadLettered() {
        publisher.publish(new OutgoingMessage(topology.eventsExchange(), Topology.EVENT_ROUTING_KEY, "bad-1", "StoreEvent",
                "{not json".getBytes(StandardCharsets.UTF_8)));
        GetResponse dead = await().atMost(WAIT).until(() -> queues.take(topology.deadEventsQueue()), m -> m != null);
        assertThat(dead.getProps().getMessageId()).isEqualTo("bad-1");

        publisher.publish(new OutgoingMessage(topology.eventsExchange(), Topology.EVENT_ROUTING_KEY, "bad-2", "StoreEvent",
                "{\"eventId\":\"not-a-uuid\"}".getBytes(StandardCharsets.UTF_8)));
        dead = await().atMost(WAIT).until(() -> queues.take(topology.deadEventsQueue()), m -> m != null);
        assertThat(dead.getProps().getMessageId()).isEqualTo("bad-2");

        StoreEvent orphan = event(UUID.randomUUID().toString(), 1, StoreEventType.READY, "wait-ready", "serving");
        publish(orphan);
        dead = await().atMost(WAIT).until(() -> queues.take(topology.deadEventsQueue()), m -> m != null);
        assertThat(dead.getProps().getMessageId()).isEqualTo(orphan.eventId().toString());

        // The consumer carries on after dead-lettering.
        String id = fixture.createStore("after-poison").get("id").asText();
        publish(event(id, 1, StoreEventType.STARTED, "worker", "picked up"));
        awaitStatus(id, "PROVISIONING");
    }

    private void publish(StoreEvent event) {
        publisher.publish(OutgoingMessage.event(topology, event));
    }

    private static StoreEvent event(String storeId, long generation, StoreEventType type, String step, String message) {
        return new StoreEvent(UUID.randomUUID(), UUID.fromString(storeId), generation, type, step, message,
                java.time.Instant.now(), null, null);
    }

    private JsonNode awaitStatus(String id, String status) {
        return await().atMost(WAIT).until(() -> fixture.store(id), s -> s.get("status").asText().equals(status));
    }

    private List<String> timelineTypes(String id) {
        List<String> types = new ArrayList<>();
        fixture.api.get("/api/v1/stores/" + id + "/events").json().get("items").forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    /** STATUS_CHANGED audit details of a store, newest first. */
    private List<String> systemAuditDetails(String id) {
        List<String> details = new ArrayList<>();
        for (JsonNode entry : fixture.api.get("/api/v1/audit?limit=500").json().get("items")) {
            if (id.equals(entry.path("storeId").asText()) && entry.get("action").asText().equals("STATUS_CHANGED")) {
                assertThat(entry.get("actor").asText()).isEqualTo("system");
                details.add(entry.get("detail").asText());
            }
        }
        return details;
    }
}
