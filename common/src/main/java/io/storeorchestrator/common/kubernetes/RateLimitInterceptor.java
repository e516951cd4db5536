package io.storeorchestrator.common.kubernetes;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * Puts every request of a Fabric8 client through the {@link RequestRateLimiter}. {@code before} runs on the thread
 * that sends the request (and once more per retry, which is why {@link KubernetesClients} turns Fabric8's own retries
 * off), and for the upgrade request of every watch.
 */
final class RateLimitInterceptor implements Interceptor {

    static final String NAME = "store-orchestrator-rate-limit";

    private final RequestRateLimiter limiter;

    RateLimitInterceptor(RequestRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        limiter.acquire();
    }
}
