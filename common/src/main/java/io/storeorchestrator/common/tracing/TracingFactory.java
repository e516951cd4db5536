package io.storeorchestrator.common.tracing;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** The service's {@link Tracing}, from {@link TracingSettings}; closing the context sends what is still buffered. */
@Factory
public class TracingFactory {

    @Singleton
    @Bean(preDestroy = "close")
    Tracing tracing(TracingSettings settings,
                    @Value("${micronaut.application.name:store-orchestrator}") String application) {
        return Tracing.fromSettings(settings, application);
    }
}
