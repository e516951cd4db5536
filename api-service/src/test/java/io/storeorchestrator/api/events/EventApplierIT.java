package io.storeorchestrator.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.api.events.EventApplier.Outcome;
import io.storeorchestrator.api.support.ApiFixture;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** One batch, one transaction: several moves of one store in order, duplicates within the batch, unknown stores. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventApplierIT {

    private ApiFixture fixture;
    private EventApplier applier;

    @BeforeAll
    void start() {
        fixture = ApiFixture.start();
        applier = fixture.api.bean(EventApplier.class);
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    @Test
    void aBatchMovesAStoreThroughSeveralStatusesInTheOrderReceived() {
        UUID shop = id(fixture.createStore("batch-shop"));
        UUID other = id(fixture.createStore("batch-other"));
        StoreEvent ready = event(shop, 1, StoreEventType.READY, "serving");
        List<Outcome> outcomes = applier.applyAll(List.of(
                event(shop, 1, StoreEventType.STARTED, "picked up"),
                StoreEvent.stepDone(shop, 1, StepName.NAMESPACE, "created", Duration.ofMillis(7)),
                event(other, 1, StoreEventType.STARTED, "picked up"),
                ready,
                ready,
                StoreEvent.failed(other, 1, new StoreFailure("database", "Invalid", "bad volume size", Instant.now())),
                event(UUID.randomUUID(), 1, StoreEventType.READY, "nobody's")));

        assertThat(outcomes).containsExactly(Outcome.STATUS_CHANGED, Outcome.RECORDED, Outcome.STATUS_CHANGED,
                Outcome.STATUS_CHANGED, Outcome.DUPLICATE, Outcome.STATUS_CHANGED, Outcome.UNKNOWN_STORE);
        assertThat(fixture.store(shop.toString()).get("status").asText()).isEqualTo("READY");
        JsonNode failed = fixture.store(other.toString());
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("statusReason").asText()).isEqualTo("Invalid: bad volume size (step database)");
        assertThat(statusChanges(shop)).containsExactly("PROVISIONING -> READY", "QUEUED -> PROVISIONING");
        assertThat(fixture.api.get("/api/v1/stores/" + shop + "/events").json().get("items")).hasSize(4);

        assertThat(applier.applyAll(List.of(ready))).as("a redelivery in a later batch").containsExactly(Outcome.DUPLICATE);
    }

    @Test
    void aStaleGenerationOrAnIllegalMoveIsOnlyRecorded() {
        UUID shop = id(fixture.createStore("batch-stale"));
        assertThat(applier.applyAll(List.of(
                event(shop, 2, StoreEventType.STARTED, "from the future"),
                event(shop, 1, StoreEventType.DELETED, "not DELETING"))))
                .containsExactly(Outcome.RECORDED, Outcome.RECORDED);
        assertThat(fixture.store(shop.toString()).get("status").asText()).isEqualTo("QUEUED");
    }

    private List<String> statusChanges(UUID store) {
        List<String> changes = new ArrayList<>();
        for (JsonNode entry : fixture.api.get("/api/v1/audit?limit=500").json().get("items")) {
            if (store.toString().equals(entry.path("storeId").asText())
                    && entry.get("action").asText().equals("STATUS_CHANGED")) {
                String detail = entry.get("detail").asText();
                changes.add(detail.substring(0, detail.indexOf(" (")));
            }
        }
        return changes;
    }

    private static UUID id(JsonNode store) {
        return UUID.fromString(store.get("id").asText());
    }

    private static StoreEvent event(UUID store, long generation, StoreEventType type, String message) {
        return new StoreEvent(UUID.randomUUID(), store, generation, type, "test", message, Instant.now(), null, null);
    }
}
