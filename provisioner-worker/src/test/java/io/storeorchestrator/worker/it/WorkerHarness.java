package io.storeorchestrator.worker.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.storeorchestrator.clustersim.ClusterSim;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.kubernetes.KubernetesClientFactory;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.ConfirmingPublisher;
import io.storeorchestrator.common.messaging.MessageCodec;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.common.naming.StoreNames;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A worker started in-process against a real PostgreSQL database and RabbitMQ topology of its own and an embedded
 * cluster simulator, plus what a test needs to play the API: store rows, published commands, received events.
 */
final class WorkerHarness implements AutoCloseable {

    final TestDatabase database = TestDatabase.createMigrated();
    final TestBroker broker = TestBroker.create();
    final ClusterSim sim = ClusterSim.start(ClusterSimConfig.forTests());
    final Topology topology = broker.settings().topology();
    private final RabbitConnector connector = new RabbitConnector(broker.settings(), "worker-it");
    private final ConfirmingPublisher publisher = new ConfirmingPublisher(connector);
    private final List<StoreEvent> events = new CopyOnWriteArrayList<>();
    private final Channel eventsChannel;
    private final Path kubeconfig;
    private final List<EmbeddedServer> workers = new CopyOnWriteArrayList<>();

    /** What each revision of each store runs, as the API's store_revisions would say: to play its READY handling. */
    private final Map<UUID, Map<Integer, StoreCommand.Target>> revisions =
            new java.util.concurrent.ConcurrentHashMap<>();

    WorkerHarness() throws IOException {
        kubeconfig = sim.writeKubeconfig(Files.createTempFile("worker-it", ".kubeconfig"));
        // The events queue is single-active-consumer, where basic.get is refused: consume it.
        eventsChannel = connector.openChannel();
        eventsChannel.basicConsume(topology.eventsQueue(), true, (tag, delivery) -> {
            StoreEvent event = MessageCodec.decode(delivery.getBody(), StoreEvent.class);
            events.add(event);
            applyStatus(event);
        }, tag -> { });
    }

    /** Starts a worker (HTTP on a random port) on this harness's database, broker topology and cluster. */
    EmbeddedServer startWorker(Map<String, Object> overrides) {
        EmbeddedServer worker = ApplicationContext.run(EmbeddedServer.class, properties(overrides));
        workers.add(worker);
        return worker;
    }

    /** How a test points the worker at its servers: plain Micronaut properties over application.yml. */
    Map<String, Object> properties(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("datasources.default.url", database.jdbcUrl());
        properties.put("datasources.default.username", database.user());
        properties.put("datasources.default.password", database.password());
        properties.put("rabbitmq.host", broker.host());
        properties.put("rabbitmq.port", broker.port());
        properties.put("rabbitmq.username", broker.settings().username());
        properties.put("rabbitmq.password", broker.settings().password());
        properties.put("rabbitmq.topology-prefix", broker.prefix());
        properties.put(KubernetesClientFactory.TEST_KUBECONFIG_PROPERTY, kubeconfig.toString());
        properties.put("worker.recheck-interval", "1s");
        properties.put("worker.busy-retry-delay", "1s");
        properties.put("worker.namespace-delete-timeout", "20s");
        properties.put("worker.kubernetes-retry-backoff", "100ms");
        properties.putAll(overrides);
        return properties;
    }

    KubernetesClient kube() {
        return sim.client();
    }

    /** Inserts a WooCommerce store row as the API would on create, and returns the PROVISION command it would send. */
    StoreCommand createStore(String name) throws SQLException {
        return createStore(name, Engine.WOOCOMMERCE);
    }

    /** Inserts a store row of {@code engine} as the API would on create, and returns the PROVISION command. */
    StoreCommand createStore(String name, Engine engine) throws SQLException {
        UUID id = UUID.randomUUID();
        String namespace = StoreNames.namespaceFor(id);
        String host = StoreNames.hostFor(name, "localtest.me");
        Instant now = Instant.now();
        try (Connection c = database.connect(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO stores (id, name, engine, status, namespace, host, generation, deadline_at, created_at, updated_at)
                VALUES (?, ?, ?, 'QUEUED', ?, ?, 1, ?, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setString(2, name);
            insert.setString(3, engine.id());
            insert.setString(4, namespace);
            insert.setString(5, host);
            insert.setTimestamp(6, Timestamp.from(now.plus(Duration.ofMinutes(2))));
            insert.setTimestamp(7, Timestamp.from(now));
            insert.setTimestamp(8, Timestamp.from(now));
            insert.executeUpdate();
        }
        return new StoreCommand(UUID.randomUUID(), CommandType.PROVISION, id, name, engine, 1,
                namespace, host, now.plus(Duration.ofMinutes(2)), now, null);
    }

    /**
     * Moves the store's status as the API does when it applies a worker's event of the current generation, holding
     * the event through a database outage as the API does: a consumer that threw here would lose its channel, and
     * every later test its events.
     */
    private void applyStatus(StoreEvent event) {
        event.type().resultingStatus().ifPresent(status -> org.awaitility.Awaitility.await("apply " + event.type())
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    applyStatus(event, status);
                    return true;
                }));
    }

    /**
     * The status, and with READY or ROLLED_BACK about a revision the revision the store now serves, in one statement
     * as the API writes them: a drift check reading READY beside the previous revision's plan would "correct" the
     * store back to it.
     */
    private void applyStatus(StoreEvent event, StoreStatus status) throws SQLException {
        StoreCommand.Target served = event.revision() == null ? null
                : revisions.getOrDefault(event.storeId(), Map.of()).get(event.revision());
        boolean serves = served != null && status == StoreStatus.READY;
        try (Connection c = database.connect(); PreparedStatement update = c.prepareStatement(serves
                ? "UPDATE stores SET status = ?, plan = ?, version = ?, revision = ?, updated_at = now() "
                + "WHERE id = ? AND generation = ?"
                : "UPDATE stores SET status = ?, updated_at = now() WHERE id = ? AND generation = ?")) {
            int i = 1;
            update.setString(i++, status.name());
            if (serves) {
                update.setString(i++, served.plan());
                update.setString(i++, served.version());
                update.setInt(i++, served.revision());
            }
            update.setObject(i++, event.storeId());
            update.setLong(i, event.generation());
            update.executeUpdate();
        }
    }

    /**
     * Plays a PATCH on a READY store as the API does: the store UPDATING at a new generation, and the UPDATE command
     * for the new revision, falling back to {@code fallback}.
     */
    StoreCommand update(StoreCommand store, long generation, StoreCommand.Target target, StoreCommand.Target fallback)
            throws SQLException {
        revisions.computeIfAbsent(store.storeId(), id -> new java.util.concurrent.ConcurrentHashMap<>())
                .put(target.revision(), target);
        if (fallback != null) {
            revisions.get(store.storeId()).put(fallback.revision(), fallback);
        }
        updateStore(store.storeId(), StoreStatus.UPDATING, generation);
        Instant now = Instant.now();
        return new StoreCommand(UUID.randomUUID(), CommandType.UPDATE, store.storeId(), store.storeName(),
                store.engine(), generation, store.namespace(), store.host(), now.plus(Duration.ofMinutes(2)), now, null,
                target.plan(), target.version(), target.revision(), fallback, null);
    }

    /** The row's status and what it says the store serves. */
    Map<String, Object> row(UUID id) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement select = c.prepareStatement(
                "SELECT status, generation, plan, version, revision FROM stores WHERE id = ?")) {
            select.setObject(1, id);
            try (java.sql.ResultSet row = select.executeQuery()) {
                row.next();
                Map<String, Object> values = new HashMap<>();
                values.put("status", row.getString(1));
                values.put("generation", row.getLong(2));
                values.put("plan", row.getString(3));
                values.put("version", row.getString(4));
                values.put("revision", row.getObject(5));
                return values;
            }
        }
    }

    /** Another holder takes the store's lease until {@code until}, as a command running on another worker would. */
    void holdLease(UUID storeId, Instant until) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO store_leases (store_id, holder, acquired_at, expires_at) VALUES (?, 'another-worker', now(), ?)")) {
            insert.setObject(1, storeId);
            insert.setTimestamp(2, Timestamp.from(until));
            insert.executeUpdate();
        }
    }

    /** Moves the row as the API would on a new intent (delete, retry). */
    void updateStore(UUID id, StoreStatus status, long generation) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement update = c.prepareStatement(
                "UPDATE stores SET status = ?, generation = ?, updated_at = now() WHERE id = ?")) {
            update.setString(1, status.name());
            update.setLong(2, generation);
            update.setObject(3, id);
            update.executeUpdate();
        }
    }

    static StoreCommand teardownOf(StoreCommand provision, long generation) {
        return new StoreCommand(UUID.randomUUID(), CommandType.TEARDOWN, provision.storeId(), provision.storeName(),
                provision.engine(), generation, provision.namespace(), provision.host(), null, Instant.now(), null);
    }

    static StoreCommand redelivery(StoreCommand command) {
        return new StoreCommand(UUID.randomUUID(), command.type(), command.storeId(), command.storeName(),
                command.engine(), command.generation(), command.namespace(), command.host(), command.deadline(),
                Instant.now(), null);
    }

    void send(StoreCommand command) {
        publisher.publish(OutgoingMessage.command(topology, command));
    }

    /** Publishes the command as the broker would redeliver it after {@code count} failed deliveries. */
    void sendWithDeliveryCount(StoreCommand command, long count) throws Exception {
        try (Channel channel = connector.openChannel()) {
            channel.confirmSelect();
            channel.basicPublish(topology.commandsExchange(), command.type().routingKey(),
                    new com.rabbitmq.client.AMQP.BasicProperties.Builder().messageId(command.commandId().toString())
                            .deliveryMode(2).headers(Map.of("x-delivery-count", count)).build(),
                    MessageCodec.encode(command));
            channel.waitForConfirmsOrDie(5000);
        }
    }

    void sendRaw(String routingKey, String messageId, byte[] body) {
        publisher.publish(new OutgoingMessage(topology.commandsExchange(), routingKey, messageId, "StoreCommand", body));
    }

    GetResponse getDeadCommand() throws IOException {
        try (Channel channel = connector.openChannel()) {
            return channel.basicGet(topology.deadCommandsQueue(), true);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(e);
        }
    }

    /** Every event received so far for the store, in arrival order. */
    List<StoreEvent> eventsOf(UUID storeId) {
        return events.stream().filter(e -> e.storeId().equals(storeId)).toList();
    }

    @Override
    public void close() {
        for (EmbeddedServer worker : workers) {
            worker.stop();
            if (worker.getApplicationContext().isRunning()) {
                worker.getApplicationContext().close();
            }
        }
        try {
            eventsChannel.abort();
        } catch (IOException | RuntimeException ignored) {
            // the connection closes below anyway
        }
        publisher.close();
        connector.close();
        sim.close();
        broker.close();
        database.close();
    }
}
