package io.storeorchestrator.api.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storeorchestrator.api.events.EventApplier;
import io.storeorchestrator.api.support.RunningApi;
import io.storeorchestrator.api.support.SseStream;
import io.storeorchestrator.api.support.Tenants;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store stream with two API replicas on one database: a change made through either reaches the streams of both
 * (trigger → NOTIFY → each replica's listener → its clients), within each client's tenant scope, in id order, resumable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreStreamIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Replica A serves at most this many streams, so the limit can be reached. */
    private static final int A_MAX_CLIENTS = 3;

    private TestDatabase db;
    private TestBroker broker;
    private RunningApi a;
    private RunningApi b;
    private final List<SseStream> opened = new ArrayList<>();

    @BeforeAll
    void start() {
        db = TestDatabase.createEmpty();
        broker = TestBroker.create();
        a = RunningApi.start(props(A_MAX_CLIENTS));
        b = RunningApi.start(props(100));
        await().atMost(WAIT).until(() -> a.bean(ChangeListener.class).listening()
                && b.bean(ChangeListener.class).listening());
    }

    private Map<String, Object> props(int maxClients) {
        Map<String, Object> props = RunningApi.properties(db, broker.settings());
        props.put("api.stream.heartbeat", "1s");
        props.put("api.stream.max-clients", maxClients);
        return props;
    }

    @AfterEach
    void closeStreams() {
        opened.forEach(SseStream::close);
        opened.clear();
    }

    @AfterAll
    void stop() {
        opened.forEach(SseStream::close);
        try {
            a.close();
            b.close();
        } finally {
            broker.close();
            db.close();
        }
    }

    @Test
    void aStoreCreatedThroughOneReplicaAppearsOnAStreamOfTheOther() throws Exception {
        SseStream stream = open(b, RunningApi.ADMIN_KEY, "", null);
        assertThat(stream.status).isEqualTo(200);
        assertThat(stream.contentType).startsWith("text/event-stream");

        String id = createAsAdmin(a, "stream-across").get("id").asText();
        SseStream.Frame created = awaitStore(stream, id);
        JsonNode view = JSON.readTree(created.data());
        assertThat(view.get("status").asText()).isEqualTo("QUEUED");
        assertThat(view.get("name").asText()).isEqualTo("stream-across");
        assertThat(view.has("tenantId")).isTrue();
        assertThat(view.get("tenantId").isNull()).as("the admin's store belongs to no tenant").isTrue();
        assertThat(view.fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(() -> a.get("/api/v1/stores/" + id).json().fieldNames());

        // A worker's event, applied by replica A's EventApplier in a batch: the trigger sees every writer.
        a.bean(EventApplier.class).applyAll(List.of(new StoreEvent(UUID.randomUUID(), UUID.fromString(id), 1,
                StoreEventType.STARTED, "test", "picked up", Instant.now(), null, null)));
        await().atMost(WAIT).until(() -> statuses(stream, id).contains("PROVISIONING"));
        assertThat(statuses(stream, id)).containsExactly("QUEUED", "PROVISIONING");
        assertIncreasingIds(stream);
    }

    @Test
    void aTenantSeesOnlyItsOwnStoresAndTheAdminSeesAllOrOneTenantsWhenItAsks() {
        Tenants.Tenant one = Tenants.create(a, "stream-one", 10);
        Tenants.Tenant two = Tenants.create(a, "stream-two", 10);
        SseStream oneStream = open(b, one.key(), "", null);
        SseStream twoStream = open(a, two.key(), "", null);
        SseStream admin = open(b, RunningApi.ADMIN_KEY, "", null);
        SseStream adminOne = open(b, RunningApi.ADMIN_KEY, "?tenant=" + one.id(), null);

        String first = Tenants.createStore(a, one.key(), "iso-one-a").get("id").asText();
        String other = Tenants.createStore(b, two.key(), "iso-two-a").get("id").asText();
        String last = Tenants.createStore(a, one.key(), "iso-one-b").get("id").asText();

        // Changes arrive in id order, so once the last one is there, the other tenant's would have been before it.
        awaitStore(oneStream, last);
        awaitStore(adminOne, last);
        awaitStore(admin, last);
        awaitStore(twoStream, other);
        assertThat(storeIds(oneStream)).containsExactly(first, last);
        assertThat(storeIds(adminOne)).containsExactly(first, last);
        assertThat(storeIds(twoStream)).containsExactly(other);
        assertThat(storeIds(admin)).containsSubsequence(first, other, last);
        assertThat(tenantIds(oneStream)).containsOnly(one.id());
    }

    @Test
    void lastEventIdResumesWithExactlyTheChangesMissed() throws Exception {
        Tenants.Tenant tenant = Tenants.create(a, "stream-resume", 10);
        SseStream first = open(b, tenant.key(), "", null);
        String seen = Tenants.createStore(a, tenant.key(), "resume-seen").get("id").asText();
        String lastId = awaitStore(first, seen).id();
        first.close();

        String missed1 = Tenants.createStore(a, tenant.key(), "resume-missed-1").get("id").asText();
        String missed2 = Tenants.createStore(b, tenant.key(), "resume-missed-2").get("id").asText();
        // Both committed: wait until replica A's listener handed them out, so they are part of the replay.
        long position = changeIdOf(missed2);
        await().atMost(WAIT).until(() -> a.bean(StreamHub.class).position() >= position);

        SseStream resumed = open(a, tenant.key(), "", lastId);
        awaitStore(resumed, missed2);
        String after = Tenants.createStore(a, tenant.key(), "resume-after").get("id").asText();
        awaitStore(resumed, after);
        assertThat(storeIds(resumed)).containsExactly(missed1, missed2, after);
        assertThat(resumed.frames()).noneMatch(f -> "reset".equals(f.event()));
        assertIncreasingIds(resumed);
        assertThat(Long.parseLong(resumed.stores().getFirst().id())).isGreaterThan(Long.parseLong(lastId));
    }

    @Test
    void anIdOlderThanWhatIsKeptGivesResetThenTheStreamGoesOn() throws Exception {
        Tenants.Tenant tenant = Tenants.create(a, "stream-reset", 10);
        String old = Tenants.createStore(a, tenant.key(), "reset-old").get("id").asText();
        long oldChange = changeIdOf(old);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE store_changes SET changed_at = now() - interval '2 hours' WHERE id <= " + oldChange);
        }
        assertThat(b.bean(StreamPurge.class).purgeNow()).isGreaterThanOrEqualTo(1);

        SseStream stream = open(b, tenant.key(), "", Long.toString(oldChange - 1));
        await().atMost(WAIT).until(() -> !stream.frames().isEmpty());
        SseStream.Frame reset = stream.frames().getFirst();
        assertThat(reset.event()).isEqualTo("reset");
        assertThat(reset.data()).isEqualTo("{}");
        String fresh = Tenants.createStore(a, tenant.key(), "reset-fresh").get("id").asText();
        awaitStore(stream, fresh);
        assertThat(storeIds(stream)).containsExactly(fresh);

        // An id this server never gave is no better.
        SseStream garbage = open(b, tenant.key(), "", "not-a-number");
        await().atMost(WAIT).until(() -> !garbage.frames().isEmpty());
        assertThat(garbage.frames().getFirst().event()).isEqualTo("reset");
        SseStream future = open(b, tenant.key(), "", "999999999");
        await().atMost(WAIT).until(() -> !future.frames().isEmpty());
        assertThat(future.frames().getFirst().event()).isEqualTo("reset");
    }

    @Test
    void heartbeatsArriveAsCommentLines() {
        SseStream stream = open(b, RunningApi.ADMIN_KEY, "", null);
        await().atMost(WAIT).until(() -> stream.comments().size() >= 3);
        assertThat(stream.comments()).containsOnly("heartbeat");
        assertThat(stream.lines()).contains(": heartbeat");
    }

    @Test
    void withoutACredentialTheStreamIs401WithTheJsonErrorBody() throws Exception {
        SseStream stream = SseStream.open(b.port(), null, "", null);
        assertThat(stream.status).isEqualTo(401);
        assertThat(JSON.readTree(stream.errorBody).at("/error/code").asText()).isEqualTo("UNAUTHENTICATED");
        SseStream wrong = SseStream.open(b.port(), "so_wrong", "", null);
        assertThat(wrong.status).isEqualTo(401);
        SseStream badTenant = SseStream.open(b.port(), RunningApi.ADMIN_KEY, "?tenant=nope", null);
        assertThat(badTenant.status).isEqualTo(400);
        assertThat(JSON.readTree(badTenant.errorBody).at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void aFullReplicaAnswers503AndCountsItsClients() throws Exception {
        StreamHub hub = a.bean(StreamHub.class);
        await().atMost(WAIT).until(() -> hub.clients() == 0);
        List<SseStream> mine = new ArrayList<>();
        while (hub.clients() < A_MAX_CLIENTS) {
            mine.add(open(a, RunningApi.ADMIN_KEY, "", null));
        }
        assertThat(a.management("/prometheus").body())
                .contains("store_orchestrator_stream_clients " + (double) A_MAX_CLIENTS);
        SseStream refused = SseStream.open(a.port(), RunningApi.ADMIN_KEY, "", null);
        assertThat(refused.status).isEqualTo(503);
        assertThat(JSON.readTree(refused.errorBody).at("/error/code").asText()).isEqualTo("STREAM_LIMIT_REACHED");

        mine.getFirst().close();
        await().atMost(WAIT).until(() -> hub.clients() < A_MAX_CLIENTS);
        SseStream again = open(a, RunningApi.ADMIN_KEY, "", null);
        assertThat(again.status).isEqualTo(200);
        mine.forEach(SseStream::close);
        again.close();
    }

    @Test
    void theListenerReconnectsAfterItsConnectionIsKilledAndMissesNothing() throws Exception {
        SseStream stream = open(b, RunningApi.ADMIN_KEY, "", null);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = 'api-store-changes' AND datname = current_database()");
        }
        // Made while the listeners are away (or just back): caught up from the last id either way.
        String id = createAsAdmin(a, "stream-reconnect").get("id").asText();
        awaitStore(stream, id);
        await().atMost(WAIT).until(() -> b.bean(ChangeListener.class).listening());
    }

    private SseStream open(RunningApi api, String key, String query, String lastEventId) {
        SseStream stream = SseStream.open(api.port(), key, query, lastEventId);
        assertThat(stream.status).as(stream.errorBody).isEqualTo(200);
        opened.add(stream);
        return stream;
    }

    private static JsonNode createAsAdmin(RunningApi api, String name) {
        RunningApi.Response response = api.postJson("/api/v1/stores",
                "{\"name\":\"" + name + "\",\"engine\":\"woocommerce\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.json();
    }

    private static SseStream.Frame awaitStore(SseStream stream, String storeId) {
        await().atMost(WAIT).until(() -> storeIds(stream).contains(storeId));
        return stream.stores().stream().filter(f -> storeId.equals(field(f, "id"))).findFirst().orElseThrow();
    }

    private static List<String> storeIds(SseStream stream) {
        return stream.stores().stream().map(f -> field(f, "id")).toList();
    }

    private static List<String> tenantIds(SseStream stream) {
        return stream.stores().stream().map(f -> field(f, "tenantId")).toList();
    }

    private static List<String> statuses(SseStream stream, String storeId) {
        return stream.stores().stream().filter(f -> storeId.equals(field(f, "id"))).map(f -> field(f, "status"))
                .toList();
    }

    private static String field(SseStream.Frame frame, String name) {
        try {
            return JSON.readTree(frame.data()).path(name).asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + frame.data(), e);
        }
    }

    private static void assertIncreasingIds(SseStream stream) {
        List<Long> ids = stream.stores().stream().map(f -> Long.parseLong(f.id())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    private long changeIdOf(String storeId) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT max(id) FROM store_changes WHERE store_id = '" + storeId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
