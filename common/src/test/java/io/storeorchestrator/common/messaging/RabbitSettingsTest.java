package io.storeorchestrator.common.messaging;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RabbitSettingsTest {

    @Test
    void everyServiceGetsTheDocumentedDefaults() {
        try (ApplicationContext context = ApplicationContext.run(Map.of())) {
            assertThat(context.getBean(RabbitSettings.class)).isEqualTo(new RabbitSettings("127.0.0.1", 5672, "guest",
                    "guest", "/", "", Duration.ofSeconds(5)));
            assertThat(context.getBean(Topology.class)).isEqualTo(new Topology(""));
        }
    }

    @Test
    void rabbitmqKeysOverrideThemAndThePasswordIsNeverPrinted() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("rabbitmq.host", "mq", "rabbitmq.port", 5673,
                "rabbitmq.password", "s3cret", "rabbitmq.vhost", "/stores", "rabbitmq.topology-prefix", "blue.",
                "rabbitmq.confirm-timeout", "2s"))) {
            RabbitSettings settings = context.getBean(RabbitSettings.class);
            assertThat(settings).isEqualTo(new RabbitSettings("mq", 5673, "guest", "s3cret", "/stores", "blue.",
                    Duration.ofSeconds(2)));
            assertThat(context.getBean(Topology.class).commandsQueue()).isEqualTo("blue.store.commands");
            assertThat(settings.toString()).doesNotContain("s3cret");
        }
    }
}
