package io.storeorchestrator.worker.readiness;

/** What one look at the store's workloads concluded. */
public sealed interface ReadinessVerdict {

    /** Every workload runs the current spec with all replicas ready. */
    record Ready() implements ReadinessVerdict {
    }

    /** Not there yet; {@code waitingFor} says what, for the WAITING event and the deadline message. */
    record NotReady(String waitingFor) implements ReadinessVerdict {
    }

    /**
     * Will not get there by waiting.
     *
     * @param reason  the Kubernetes reason ({@code CrashLoopBackOff}, {@code Unschedulable})
     * @param message which container or pod, and what the cluster said
     */
    record Failed(String reason, String message) implements ReadinessVerdict {
    }
}
