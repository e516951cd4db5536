package io.storeorchestrator.common.messaging;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.storeorchestrator.common.tracing.Tracing;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The RabbitMQ pieces every service uses, wired once from {@link RabbitSettings}. Nothing connects here: the
 * connector connects on first use, so a service starts, and keeps serving, while the broker is down.
 */
@Factory
public class RabbitFactory {

    /** Named after the service and host, so the broker's connection list says who is who. */
    @Singleton
    @Bean(preDestroy = "close")
    RabbitConnector rabbitConnector(RabbitSettings settings,
                                    @Value("${micronaut.application.name:store-orchestrator}") String application) {
        return new RabbitConnector(settings, application + "@" + hostName());
    }

    @Singleton
    Topology topology(RabbitSettings settings) {
        return settings.topology();
    }

    @Singleton
    @Bean(preDestroy = "close")
    ConfirmingPublisher confirmingPublisher(RabbitConnector connector, Tracing tracing) {
        return new ConfirmingPublisher(connector, tracing);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
