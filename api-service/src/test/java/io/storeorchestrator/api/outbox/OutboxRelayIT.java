package io.storeorchestrator.api.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.GetResponse;
import io.storeorchestrator.api.support.ApiFixture;
import io.storeorchestrator.api.support.Queues;
import io.storeorchestrator.api.support.RunningApi;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.MessageCodec;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutboxRelayIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aCreatePublishesExactlyOneProvisionCommand() throws Exception {
        try (ApiFixture fixture = ApiFixture.start(); Queues queues = new Queues(fixture.broker.settings())) {
            Topology topology = fixture.broker.settings().topology();
            JsonNode store = fixture.createStore("outbox-shop");
            UUID id = UUID.fromString(store.get("id").asText());

            GetResponse message = await().atMost(WAIT).until(() -> queues.take(topology.commandsQueue()), m -> m != null);
            StoreCommand command = MessageCodec.decode(message.getBody(), StoreCommand.class);
            assertThat(command.type()).isEqualTo(CommandType.PROVISION);
            assertThat(command.storeId()).isEqualTo(id);
            assertThat(command.storeName()).isEqualTo("outbox-shop");
            assertThat(command.engine()).isEqualTo(Engine.WOOCOMMERCE);
            assertThat(command.generation()).isEqualTo(1);
            assertThat(command.namespace()).isEqualTo("store-" + id);
            assertThat(command.host()).isEqualTo("outbox-shop.localtest.me");
            assertThat(command.deadline()).isEqualTo(deadlineOf(fixture.db, id));
            assertThat(command.deadline()).isBetween(Instant.now().plus(Duration.ofMinutes(9)),
                    Instant.now().plus(Duration.ofMinutes(11)));
            assertThat(message.getProps().getMessageId()).isEqualTo(command.commandId().toString());
            assertThat(message.getProps().getType()).isEqualTo("StoreCommand");
            assertThat(message.getEnvelope().getRoutingKey()).isEqualTo("provision");

            await().atMost(WAIT).until(() -> pending(fixture.db) == 0);
            assertThat(queues.take(topology.commandsQueue())).isNull();
        }
    }

    @Test
    void requestsAreAcceptedWhileTheBrokerIsDownAndPublishedOnceItIsReachable() throws Exception {
        try (TestDatabase db = TestDatabase.createEmpty(); TestBroker broker = TestBroker.create();
             Queues queues = new Queues(broker.settings())) {
            Map<String, Object> unreachable = RunningApi.properties(db, broker.settings());
            unreachable.put("rabbitmq.port", closedPort());
            try (RunningApi api = RunningApi.start(unreachable)) {
                RunningApi.Response created = api.postJson("/api/v1/stores", "{\"name\":\"offline-shop\",\"engine\":\"woocommerce\"}");
                assertThat(created.status()).isEqualTo(202);
                await().atMost(WAIT).until(() -> attempts(db) >= 2);
                assertThat(pending(db)).isEqualTo(1);
                assertThat(api.management("/health").status()).isEqualTo(200);

                // A replica that can reach the broker drains what the first one could not publish.
                try (RunningApi healthy = RunningApi.start(RunningApi.properties(db, broker.settings()))) {
                    await().atMost(WAIT).until(() -> pending(db) == 0);
                }
            }
            GetResponse message = queues.take(broker.settings().topology().commandsQueue());
            assertThat(message).isNotNull();
            assertThat(MessageCodec.decode(message.getBody(), StoreCommand.class).storeName()).isEqualTo("offline-shop");
            assertThat(queues.take(broker.settings().topology().commandsQueue())).isNull();
        }
    }

    @Test
    void twoRelaysOnOneDatabaseNeverPublishARowTwice() throws Exception {
        int rows = 300;
        try (ApiFixture first = ApiFixture.start(p -> p.put("api.outbox-batch-size", 25));
             RunningApi second = RunningApi.start(withBatch(RunningApi.properties(first.db, first.broker.settings())));
             Queues queues = new Queues(first.broker.settings())) {
            Topology topology = first.broker.settings().topology();
            insertOutboxRows(first.db, topology, rows);

            await().atMost(WAIT).until(() -> pending(first.db) == 0);
            await().atMost(WAIT).until(() -> queues.depth(topology.commandsQueue()) >= rows);
            List<GetResponse> published = queues.drain(topology.commandsQueue());
            Set<String> ids = new HashSet<>();
            published.forEach(m -> ids.add(m.getProps().getMessageId()));
            assertThat(published).hasSize(rows);
            assertThat(ids).hasSize(rows);
            assertThat(second.bean(OutboxRelay.class)).isNotNull();
        }
    }

    private static Map<String, Object> withBatch(Map<String, Object> props) {
        props.put("api.outbox-batch-size", 25);
        return props;
    }

    /** Rows as an intent transaction writes them, all committed at once so both relays compete for them. */
    private static void insertOutboxRows(TestDatabase db, Topology topology, int count) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO outbox (store_id, exchange, routing_key, message_id, message_type, payload)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < count; i++) {
                    UUID storeId = UUID.randomUUID();
                    StoreCommand command = new StoreCommand(UUID.randomUUID(), CommandType.PROVISION, storeId, "bulk-" + i,
                            Engine.WOOCOMMERCE, 1, "store-" + storeId, "bulk-" + i + ".localtest.me",
                            Instant.now().plusSeconds(600), Instant.now(), null);
                    OutgoingMessage message = OutgoingMessage.command(topology, command);
                    ps.setObject(1, storeId);
                    ps.setString(2, message.exchange());
                    ps.setString(3, message.routingKey());
                    ps.setString(4, message.messageId());
                    ps.setString(5, message.type());
                    ps.setBytes(6, message.body());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    static long pending(TestDatabase db) throws SQLException {
        return single(db, "SELECT count(*) FROM outbox WHERE published_at IS NULL");
    }

    private static long attempts(TestDatabase db) throws SQLException {
        return single(db, "SELECT coalesce(max(attempts), 0) FROM outbox WHERE last_error IS NOT NULL");
    }

    private static long single(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Instant deadlineOf(TestDatabase db, UUID id) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT deadline_at FROM stores WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
