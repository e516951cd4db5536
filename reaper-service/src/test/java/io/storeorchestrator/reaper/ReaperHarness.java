package io.storeorchestrator.reaper;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.ApplicationContext;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.common.kubernetes.KubernetesClientFactory;
import io.storeorchestrator.common.messaging.MessageCodec;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestDatabase;
import io.storeorchestrator.reaper.sweep.ReaperMetrics;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Starts reapers against the test database, broker and simulated cluster, and reads what they did. */
final class ReaperHarness {

    private ReaperHarness() {
    }

    /** The exact properties a test needs to run a reaper; {@code extra} overrides or adds. */
    static Map<String, Object> properties(TestDatabase db, TestBroker broker, Path kubeconfig, String identity,
                                          Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("datasources.default.url", db.jdbcUrl());
        props.put("datasources.default.username", db.user());
        props.put("datasources.default.password", db.password());
        props.put("rabbitmq.host", broker.host());
        props.put("rabbitmq.port", broker.port());
        props.put("rabbitmq.username", broker.settings().username());
        props.put("rabbitmq.password", broker.settings().password());
        props.put("rabbitmq.topology-prefix", broker.prefix());
        props.put(KubernetesClientFactory.TEST_KUBECONFIG_PROPERTY, kubeconfig.toString());
        props.put("reaper.identity", identity);
        props.put("reaper.interval", "300ms");
        props.put("reaper.lease-name", "reaper-" + UUID.randomUUID().toString().substring(0, 8));
        props.put("reaper.lease-namespace", "default");
        props.put("reaper.lease-duration", "3s");
        props.put("reaper.lease-renew-deadline", "2s");
        props.put("reaper.lease-retry-period", "300ms");
        props.putAll(extra);
        return props;
    }

    static ApplicationContext start(Map<String, Object> properties) {
        return ApplicationContext.run(properties);
    }

    static double leaderGauge(ApplicationContext reaper) {
        Gauge gauge = reaper.getBean(MeterRegistry.class).find(ReaperMetrics.LEADER).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    static double sweeps(ApplicationContext reaper, String sweep, String outcome) {
        Counter counter = reaper.getBean(MeterRegistry.class).find(ReaperMetrics.SWEEPS)
                .tag("sweep", sweep).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    static double actions(ApplicationContext reaper, String action) {
        Counter counter = reaper.getBean(MeterRegistry.class).find(ReaperMetrics.ACTIONS)
                .tag("action", action).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Inserts a store row as the API would have written it. */
    static void insertStore(TestDatabase db, UUID id, String name, String status, long generation,
                            Instant deadlineAt, Instant updatedAt) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO stores (id, name, engine, status, namespace, host, generation, deadline_at, created_at, "
                        + "updated_at) VALUES (?, ?, 'woocommerce', ?, ?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, id);
            s.setString(2, name);
            s.setString(3, status);
            s.setString(4, "store-" + id);
            s.setString(5, name + ".localtest.me");
            s.setLong(6, generation);
            s.setTimestamp(7, deadlineAt == null ? null : Timestamp.from(deadlineAt));
            s.setTimestamp(8, Timestamp.from(updatedAt.minusSeconds(60)));
            s.setTimestamp(9, Timestamp.from(updatedAt));
            s.executeUpdate();
        }
    }

    /** The namespace the worker would have made for the store, with the platform's labels. */
    static void createManagedNamespace(KubernetesClient kubernetes, UUID storeId, String name) {
        kubernetes.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("store-" + storeId)
                .addToLabels(StoreLabels.forStore(storeId, name, "woocommerce")).endMetadata().build()).create();
    }

    /**
     * Every StoreEvent published to the events queue. It is a single-active-consumer quorum queue, so it is consumed,
     * not polled.
     */
    static final class EventRecorder implements AutoCloseable {
        private final RabbitConnector connector;
        private final Channel channel;
        final List<StoreEvent> events = new CopyOnWriteArrayList<>();

        EventRecorder(TestBroker broker) throws IOException {
            connector = new RabbitConnector(broker.settings(), "reaper-test-events");
            channel = connector.openChannel();
            channel.basicConsume(broker.settings().topology().eventsQueue(), true,
                    (tag, delivery) -> events.add(MessageCodec.decode(delivery.getBody(), StoreEvent.class)),
                    tag -> { });
        }

        List<StoreEvent> about(UUID storeId) {
            return events.stream().filter(e -> e.storeId().equals(storeId)).toList();
        }

        @Override
        public void close() {
            connector.close();
        }
    }

    /** Drains the commands queue (it allows basic.get). */
    static List<StoreCommand> drainCommands(TestBroker broker) throws Exception {
        List<StoreCommand> commands = new ArrayList<>();
        try (RabbitConnector connector = new RabbitConnector(broker.settings(), "reaper-test-commands");
             Channel channel = connector.openChannel()) {
            GetResponse response;
            while ((response = channel.basicGet(broker.settings().topology().commandsQueue(), true)) != null) {
                commands.add(MessageCodec.decode(response.getBody(), StoreCommand.class));
            }
        }
        return commands;
    }
}
