package io.storeorchestrator.worker.kube;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.storeorchestrator.worker.config.WorkerConfig;
import jakarta.inject.Singleton;

import java.util.function.Supplier;

/** Runs a Kubernetes call, retrying transient errors with exponential back-off and failing at once on the rest. */
@Singleton
public final class KubernetesCalls {

    private static final double BACKOFF_MULTIPLIER = 2.0;

    private final RetryConfig retryConfig;

    public KubernetesCalls(WorkerConfig config) {
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(config.kubernetesRetryAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(config.kubernetesRetryBackoff(),
                        BACKOFF_MULTIPLIER))
                .retryOnException(error -> KubernetesFailure.of(error).transientError())
                .build();
    }

    /**
     * @param what     what the call does, for the retry warning ({@code apply Deployment wordpress})
     * @throws KubernetesStepException when the call fails permanently or runs out of attempts
     */
    public <T> T call(String what, RetryListener listener, Supplier<T> call) {
        // One Retry per call: its event publisher then reports only this call's retries.
        Retry retry = Retry.of(what, retryConfig);
        retry.getEventPublisher().onRetry(event -> listener.onRetry(what, event.getNumberOfRetryAttempts(),
                KubernetesFailure.of(event.getLastThrowable()), event.getWaitInterval()));
        try {
            return retry.executeSupplier(call);
        } catch (KubernetesStepException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KubernetesStepException(KubernetesFailure.of(e), e);
        }
    }
}
