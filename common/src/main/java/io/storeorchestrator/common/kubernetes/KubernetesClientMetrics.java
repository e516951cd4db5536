package io.storeorchestrator.common.kubernetes;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.storeorchestrator.common.metrics.PlatformMeters;
import io.storeorchestrator.common.metrics.PlatformMetric;

/**
 * Exports the client-side rate limiter as {@code store_orchestrator_kubernetes_rate_limit_wait_seconds} (count:
 * requests sent, sum: time they waited for a token), where a service has both a Kubernetes client and a meter registry.
 */
@Context
@Requires(classes = MeterRegistry.class)
@Requires(beans = {RequestRateLimiter.class, MeterRegistry.class})
public class KubernetesClientMetrics {

    public static final String RATE_LIMIT_WAIT = PlatformMetric.KUBERNETES_RATE_LIMIT_WAIT.meterName();

    public KubernetesClientMetrics(RequestRateLimiter limiter, MeterRegistry registry) {
        PlatformMeters.summary(registry, PlatformMetric.KUBERNETES_RATE_LIMIT_WAIT, limiter,
                RequestRateLimiter::requests, l -> l.waited().toNanos());
    }
}
