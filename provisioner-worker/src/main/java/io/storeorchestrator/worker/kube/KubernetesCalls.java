package io.storeorchestrator.worker.kube;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.storeorchestrator.worker.config.WorkerConfig;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs a Kubernetes call, retrying transient errors with exponential back-off (or after the server's own
 * Retry-After, when it throttles) and failing at once on the rest.
 */
@Singleton
public final class KubernetesCalls {

    private static final double BACKOFF_MULTIPLIER = 2.0;
    /** A throttling server's Retry-After is honoured up to this; beyond, a step would sit on its slot for minutes. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);

    private final RetryConfig retryConfig;

    public KubernetesCalls(WorkerConfig config) {
        IntervalFunction backoff = IntervalFunction.ofExponentialBackoff(config.kubernetesRetryBackoff(),
                BACKOFF_MULTIPLIER);
        IntervalBiFunction<Object> wait = (attempt, outcome) -> outcome.isLeft()
                ? KubernetesFailure.of(outcome.getLeft()).retryAfter()
                        .map(after -> Math.min(after.toMillis(), MAX_RETRY_AFTER.toMillis()))
                        .orElseGet(() -> backoff.apply(attempt))
                : backoff.apply(attempt);
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(config.kubernetesRetryAttempts())
                .intervalBiFunction(wait)
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
            throw new KubernetesStepException(what, KubernetesFailure.of(e), e);
        }
    }
}
