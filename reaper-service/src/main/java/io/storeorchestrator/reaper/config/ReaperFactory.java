package io.storeorchestrator.reaper.config;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The reaper's clock, replaceable in tests. RabbitMQ and the Kubernetes client come from common's RabbitFactory and
 * KubernetesClientFactory; none of them connects at construction, so the reaper starts during outages.
 */
@Factory
public class ReaperFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
