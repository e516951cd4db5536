package io.storeorchestrator.worker.kube;

import java.time.Duration;

/** Told about each retry of a transient Kubernetes error, so the store's timeline shows a WARNING. */
@FunctionalInterface
public interface RetryListener {

    void onRetry(String what, int attempt, KubernetesFailure failure, Duration wait);
}
