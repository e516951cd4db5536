package io.storeorchestrator.worker.kube;

/** A Kubernetes call failed for good (a permanent error, or a transient one that outlived its retries). */
public final class KubernetesStepException extends RuntimeException {

    private final transient KubernetesFailure failure;
    private final String what;

    public KubernetesStepException(String what, KubernetesFailure failure, Throwable cause) {
        super(what + ": " + failure.reason() + ": " + failure.message(), cause);
        this.what = what;
        this.failure = failure;
    }

    public KubernetesFailure failure() {
        return failure;
    }

    /** The call that failed ({@code apply Deployment wordpress}). */
    public String what() {
        return what;
    }
}
