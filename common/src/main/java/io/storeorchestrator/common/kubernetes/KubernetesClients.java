package io.storeorchestrator.common.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.nio.file.Path;
import java.util.List;

/**
 * Builds the one Fabric8 client a service uses: Fabric8's usual auto-configuration for where and who (KUBECONFIG,
 * then the pod's service account), with our timeouts, our rate limit, and no retries of its own.
 */
public final class KubernetesClients {

    private KubernetesClients() {
    }

    /** Fabric8's request and response logger, which logs whole bodies (a Secret's data) at TRACE. */
    static final String FABRIC8_HTTP_LOGGING = "HttpLogging";

    /** @param kubeconfig a kubeconfig file to use instead of auto-configuration (tests), or null */
    public static KubernetesClient create(KubernetesSettings settings, RequestRateLimiter limiter, Path kubeconfig) {
        return create(settings, limiter, kubeconfig, List.of());
    }

    /**
     * @param observers told about every request (metrics, trace spans); none is fine
     */
    public static KubernetesClient create(KubernetesSettings settings, RequestRateLimiter limiter, Path kubeconfig,
                                          List<KubernetesRequestObserver> observers) {
        return new KubernetesClientBuilder()
                .withConfig(config(settings, kubeconfig))
                .withHttpClientBuilderConsumer(http -> {
                    // No secret in any log line at any level: Fabric8 adds its body logger when TRACE is on for it.
                    http.addOrReplaceInterceptor(FABRIC8_HTTP_LOGGING, null);
                    http.addOrReplaceInterceptor(RateLimitInterceptor.NAME, new RateLimitInterceptor(limiter));
                    if (!observers.isEmpty()) {
                        http.addOrReplaceInterceptor(ObservingInterceptor.NAME,
                                new ObservingInterceptor(observers, settings.requestTimeout()));
                    }
                })
                .build();
    }

    static Config config(KubernetesSettings settings, Path kubeconfig) {
        Config config;
        if (kubeconfig != null) {
            config = Config.fromKubeconfig(kubeconfig.toFile());
        } else {
            // Fabric8's auto-configuration reads KUBERNETES_REQUEST_TIMEOUT too, as bare milliseconds, and would fail
            // on our "15s"; its system property comes first, so it gets the same value, in its own unit.
            System.setProperty(Config.KUBERNETES_REQUEST_TIMEOUT_SYSTEM_PROPERTY,
                    Long.toString(settings.requestTimeout().toMillis()));
            config = Config.autoConfigure(null);
        }
        config.setConnectionTimeout(Math.toIntExact(settings.connectTimeout().toMillis()));
        config.setRequestTimeout(Math.toIntExact(settings.requestTimeout().toMillis()));
        // Fabric8 retries 5xx, 429 and I/O errors up to 10 times by default, before the caller sees anything. The
        // worker retries those itself (Resilience4j, with a WARNING on the store's timeline per attempt, honouring
        // its own attempt budget) and the reaper's sweeps run again next interval; two retry loops would multiply
        // the attempts and hide them. (Fabric8 7.8 also computes 429's Retry-After but schedules its retry with its
        // own backoff, so nothing is lost by leaving Retry-After to the caller.)
        config.setRequestRetryBackoffLimit(0);
        return config;
    }
}
