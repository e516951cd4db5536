package io.storeorchestrator.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.api.events.EventApplier;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestDatabase;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A test database, a test broker topology and the api-service running against them, for one test class. */
public final class ApiFixture implements AutoCloseable {

    public final TestDatabase db;
    public final TestBroker broker;
    public final RunningApi api;

    private ApiFixture(TestDatabase db, TestBroker broker, RunningApi api) {
        this.db = db;
        this.broker = broker;
        this.api = api;
    }

    public static ApiFixture start() {
        return start(props -> { });
    }

    /** @param customise changes the properties before the service starts */
    public static ApiFixture start(Consumer<Map<String, Object>> customise) {
        TestDatabase db = TestDatabase.createEmpty();
        TestBroker broker = TestBroker.create();
        Map<String, Object> props = RunningApi.properties(db, broker.settings());
        customise.accept(props);
        return new ApiFixture(db, broker, RunningApi.start(props));
    }

    /** Creates a store through the API and returns its JSON. */
    public JsonNode createStore(String name) {
        RunningApi.Response response = api.postJson("/api/v1/stores",
                "{\"name\":\"" + name + "\",\"engine\":\"woocommerce\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.json();
    }

    public JsonNode store(String id) {
        RunningApi.Response response = api.get("/api/v1/stores/" + id);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** Creates a store and reports it provisioned (STARTED, READY at generation 1), as a worker would. */
    public JsonNode readyStore(String name, String body) {
        RunningApi.Response response = api.postJson("/api/v1/stores", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        String id = response.json().get("id").asText();
        apply(id, 1, StoreEventType.STARTED, "picked up");
        apply(id, 1, StoreEventType.READY, "serving");
        JsonNode ready = store(id);
        assertThat(ready.get("status").asText()).as(name).isEqualTo("READY");
        return ready;
    }

    public JsonNode readyStore(String name) {
        return readyStore(name, "{\"name\":\"" + name + "\",\"engine\":\"woocommerce\"}");
    }

    /** Applies events the way the consumer does, in one batch, without going through RabbitMQ. */
    public List<EventApplier.Outcome> apply(StoreEvent... events) {
        return api.bean(EventApplier.class).applyAll(List.of(events));
    }

    /** Applies an event the way the consumer would, without going through RabbitMQ. */
    public EventApplier.Outcome apply(String storeId, long generation, StoreEventType type, String message) {
        return api.bean(EventApplier.class).applyAll(List.of(new StoreEvent(UUID.randomUUID(),
                UUID.fromString(storeId), generation, type, "test", message, java.time.Instant.now(), null, null)))
                .getFirst();
    }

    @Override
    public void close() {
        try {
            api.close();
        } finally {
            broker.close();
            db.close();
        }
    }
}
