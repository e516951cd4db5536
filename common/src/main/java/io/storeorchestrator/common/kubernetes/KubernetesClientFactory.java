package io.storeorchestrator.common.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.common.tracing.Tracing;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kubernetes client of the worker and the reaper, from {@link KubernetesSettings}. Only active where Fabric8 is
 * on the class path, so the API, which never talks to Kubernetes, does not carry it.
 */
@Factory
@Requires(classes = KubernetesClientBuilder.class)
public class KubernetesClientFactory {

    /** Test-only property: a kubeconfig file to use instead of Fabric8's auto-configuration. */
    public static final String TEST_KUBECONFIG_PROPERTY = "test.kubernetes.kubeconfig";

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesClientFactory.class);

    @Singleton
    RequestRateLimiter kubernetesRateLimiter(KubernetesSettings settings) {
        return RequestRateLimiter.of(settings);
    }

    /**
     * @param observers the metrics of Kubernetes requests (where the service has a meter registry); a trace span per
     *                  request is added when tracing is on
     */
    @Singleton
    @Bean(preDestroy = "close")
    KubernetesClient kubernetesClient(KubernetesSettings settings, RequestRateLimiter limiter,
                                      @Property(name = TEST_KUBECONFIG_PROPERTY) @Nullable String testKubeconfig,
                                      List<KubernetesRequestObserver> observers, Tracing tracing) {
        Path kubeconfig = testKubeconfig == null || testKubeconfig.isBlank() ? null : Path.of(testKubeconfig);
        List<KubernetesRequestObserver> all = new ArrayList<>(observers);
        if (tracing.enabled()) {
            all.add(new KubernetesRequestTracing(tracing));
        }
        KubernetesClient client = KubernetesClients.create(settings, limiter, kubeconfig, all);
        LOG.info("Kubernetes API server: {} (timeouts {} connect, {} request; at most {} requests/s, bursts of {})",
                client.getMasterUrl(), settings.connectTimeout(), settings.requestTimeout(), settings.qps(),
                settings.burst());
        return client;
    }
}
