package io.storeorchestrator.common.kubernetes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Requires;
import io.storeorchestrator.common.metrics.PlatformMeters;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.storeorchestrator.common.metrics.PlatformMetric.KUBERNETES_REQUESTS;
import static io.storeorchestrator.common.metrics.PlatformMetric.KUBERNETES_REQUEST_DURATION;

/**
 * {@code store_orchestrator_kubernetes_requests_total{verb,outcome}} and
 * {@code store_orchestrator_kubernetes_request_duration_seconds{verb}}, every verb and outcome registered up front,
 * where a service has both a Kubernetes client and a meter registry (the worker and the reaper).
 */
@Singleton
@Requires(classes = {MeterRegistry.class, io.fabric8.kubernetes.client.KubernetesClient.class})
@Requires(beans = MeterRegistry.class)
public final class KubernetesRequestMetrics implements KubernetesRequestObserver {

    private final Map<KubernetesVerb, Completion> byVerb = new EnumMap<>(KubernetesVerb.class);

    public KubernetesRequestMetrics(MeterRegistry registry) {
        for (KubernetesVerb verb : KubernetesVerb.values()) {
            Map<KubernetesOutcome, Counter> counters = new EnumMap<>(KubernetesOutcome.class);
            for (KubernetesOutcome outcome : KubernetesOutcome.values()) {
                counters.put(outcome, PlatformMeters.counter(registry, KUBERNETES_REQUESTS,
                        "verb", verb.label(), "outcome", outcome.label()));
            }
            Timer duration = PlatformMeters.histogram(registry, KUBERNETES_REQUEST_DURATION,
                    PlatformMeters.REQUEST_BUCKETS, "verb", verb.label());
            byVerb.put(verb, (outcome, status, nanos) -> {
                counters.get(outcome).increment();
                if (nanos >= 0) {
                    duration.record(nanos, TimeUnit.NANOSECONDS);
                }
            });
        }
    }

    @Override
    public Completion sending(KubernetesVerb verb, String method, URI uri) {
        return byVerb.get(verb);
    }
}
