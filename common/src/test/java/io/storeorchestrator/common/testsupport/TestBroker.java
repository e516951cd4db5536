package io.storeorchestrator.common.testsupport;

import com.rabbitmq.client.Channel;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.RabbitSettings;

import java.time.Duration;
import java.util.UUID;

/**
 * A topology of its own on the real RabbitMQ from {@link TestServers} for one test class: every exchange and queue
 * name carries a unique prefix, and {@link #close()} deletes them.
 */
public final class TestBroker implements AutoCloseable {

    private final RabbitSettings settings;

    private TestBroker(RabbitSettings settings) {
        this.settings = settings;
    }

    public static TestBroker create() {
        TestServers.Endpoint rabbit = TestServers.rabbit();
        String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        return new TestBroker(new RabbitSettings(rabbit.host(), rabbit.port(), rabbit.user(), rabbit.password(), "/",
                prefix, Duration.ofSeconds(5)));
    }

    public RabbitSettings settings() {
        return settings;
    }

    public String host() {
        return settings.host();
    }

    public int port() {
        return settings.port();
    }

    public String prefix() {
        return settings.topologyPrefix();
    }

    @Override
    public void close() {
        try (RabbitConnector connector = new RabbitConnector(settings, "test-cleanup");
             Channel channel = connector.openChannel()) {
            settings.topology().delete(channel);
        } catch (Exception e) {
            // leftover test queues carry a unique prefix and harm nothing
        }
    }
}
