package io.storeorchestrator.common.kubernetes;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;

import java.util.concurrent.TimeUnit;

/**
 * Exports the client-side rate limiter as {@code kubernetes_client_rate_limit_wait_seconds} (count: requests sent,
 * sum: time they waited for a token), where a service has both a Kubernetes client and a meter registry.
 */
@Context
@Requires(classes = MeterRegistry.class)
@Requires(beans = {RequestRateLimiter.class, MeterRegistry.class})
public class KubernetesClientMetrics {

    public static final String RATE_LIMIT_WAIT = "kubernetes.client.rate.limit.wait";

    public KubernetesClientMetrics(RequestRateLimiter limiter, MeterRegistry registry) {
        FunctionTimer.builder(RATE_LIMIT_WAIT, limiter, RequestRateLimiter::requests,
                        l -> l.waited().toNanos(), TimeUnit.NANOSECONDS)
                .description("Kubernetes API requests and how long they waited for the client-side rate limit "
                        + "(KUBERNETES_QPS, KUBERNETES_BURST)")
                .register(registry);
    }
}
