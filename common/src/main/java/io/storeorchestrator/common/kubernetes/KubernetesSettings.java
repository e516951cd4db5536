package io.storeorchestrator.common.kubernetes;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How the worker and the reaper talk to the Kubernetes API server, under {@code kubernetes.*}, bound by Micronaut
 * straight from the environment with the defaults below. Where the API server is and who we are come from Fabric8's
 * usual auto-configuration (KUBECONFIG, then the pod's service account), not from here.
 *
 * @param connectTimeout {@code KUBERNETES_CONNECT_TIMEOUT} (5s): how long a new connection may take
 * @param requestTimeout {@code KUBERNETES_REQUEST_TIMEOUT} (15s): how long one request may take, so a hung API server
 *                       fails a step (which the caller retries) instead of holding it for minutes
 * @param qps            {@code KUBERNETES_QPS} (50): requests per second this process sends at most, on average
 * @param burst          {@code KUBERNETES_BURST} (100): requests it may send at once after a quiet spell
 */
@ConfigurationProperties("kubernetes")
public record KubernetesSettings(
        @Bindable(defaultValue = "5s") Duration connectTimeout,
        @Bindable(defaultValue = "15s") Duration requestTimeout,
        @Bindable(defaultValue = "50") double qps,
        @Bindable(defaultValue = "100") int burst) {

    public KubernetesSettings {
        requirePositive(connectTimeout, "KUBERNETES_CONNECT_TIMEOUT");
        requirePositive(requestTimeout, "KUBERNETES_REQUEST_TIMEOUT");
        if (!(qps > 0) || burst < 1) {
            throw new IllegalArgumentException("KUBERNETES_QPS must be positive and KUBERNETES_BURST at least 1, got "
                    + qps + " and " + burst);
        }
    }

    /** The documented defaults. */
    public static KubernetesSettings defaults() {
        return new KubernetesSettings(Duration.ofSeconds(5), Duration.ofSeconds(15), 50, 100);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
