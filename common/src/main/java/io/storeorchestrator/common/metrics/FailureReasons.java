package io.storeorchestrator.common.metrics;

import io.storeorchestrator.common.domain.StoreFailure;

import java.util.List;

/**
 * The {@code reason} label of {@code store_orchestrator_store_failures_total}. A failure reason is one CamelCase word
 * ({@link StoreFailure}), mostly from a short list known ahead, which is counted from start-up; Kubernetes reasons
 * ({@code Invalid}, {@code Forbidden}) and exception kinds appear when they first happen.
 */
public final class FailureReasons {

    /** What a reason becomes when it is empty or the number of distinct reasons passed {@link #MAX_DISTINCT}. */
    public static final String OTHER = "Other";
    /** Bounds the label's cardinality, whatever producers send. */
    public static final int MAX_DISTINCT = 100;
    /** The reason of a FAILED event that carries none ({@link io.storeorchestrator.common.messaging.StoreEvent#failure()}). */
    public static final String UNSPECIFIED = "Failed";

    /**
     * The platform's own reasons and the pod reasons the worker's readiness check fails a store with
     * ({@code PodFailureClassifier}, which a worker test keeps in line with this list).
     */
    public static final List<String> KNOWN = List.of(StoreFailure.DEADLINE_EXCEEDED,
            StoreFailure.DELIVERY_LIMIT_REACHED, UNSPECIFIED, "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
            "CreateContainerConfigError", "InvalidImageName", "Unschedulable");

    private static final int MAX_LENGTH = 64;

    private FailureReasons() {
    }

    /** The reason as a label value: letters and digits only, at most 64 of them; {@link #OTHER} when nothing is left. */
    public static String label(String reason) {
        if (reason == null) {
            return OTHER;
        }
        StringBuilder label = new StringBuilder(Math.min(reason.length(), MAX_LENGTH));
        for (int i = 0; i < reason.length() && label.length() < MAX_LENGTH; i++) {
            char c = reason.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                label.append(c);
            }
        }
        return label.isEmpty() ? OTHER : label.toString();
    }
}
