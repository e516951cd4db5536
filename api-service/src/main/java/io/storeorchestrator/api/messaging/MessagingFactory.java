package io.storeorchestrator.api.messaging;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.common.messaging.ConfirmingPublisher;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.Topology;
import jakarta.inject.Singleton;

/** The RabbitMQ pieces from common, wired once. Nothing connects here: the connector connects on first use. */
@Factory
public class MessagingFactory {

    @Singleton
    @Bean(preDestroy = "close")
    RabbitConnector rabbitConnector(ApiConfig config) {
        return new RabbitConnector(config.rabbitmq().toSettings(), "api-service");
    }

    @Singleton
    @Bean(preDestroy = "close")
    ConfirmingPublisher confirmingPublisher(RabbitConnector connector) {
        return new ConfirmingPublisher(connector);
    }

    @Singleton
    Topology topology(RabbitConnector connector) {
        return connector.topology();
    }
}
