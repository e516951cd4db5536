package io.storeorchestrator.worker.kube;

/** A Kubernetes call failed for good (a permanent error, or a transient one that outlived its retries). */
public final class KubernetesStepException extends RuntimeException {

    private final transient KubernetesFailure failure;

    public KubernetesStepException(KubernetesFailure failure, Throwable cause) {
        super(failure.reason() + ": " + failure.message(), cause);
        this.failure = failure;
    }

    public KubernetesFailure failure() {
        return failure;
    }
}
