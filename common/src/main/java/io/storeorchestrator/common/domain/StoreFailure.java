package io.storeorchestrator.common.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a store failed, as data, built in one place and rendered into {@code statusReason} by {@link #statusReason()}.
 * Modelled on Kubernetes conditions: {@code reason} is one CamelCase word a program can switch on
 * ({@code CrashLoopBackOff}, {@code DeadlineExceeded}, {@code Invalid}, {@code IllegalStateException}), {@code message}
 * is for a person.
 *
 * @param step    the step that failed ({@code wait-ready}, {@code database}, {@code deadline})
 * @param reason  machine-readable cause
 * @param message what happened, for a person
 * @param at      when it failed
 */
public record StoreFailure(String step, String reason, String message, Instant at) {

    /** Reasons the platform itself gives (others come from Kubernetes or an exception's kind). */
    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    public static final String DELIVERY_LIMIT_REACHED = "DeliveryLimitReached";

    public StoreFailure {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }

    /** The one-line {@code statusReason}: {@code "CrashLoopBackOff: container wordpress ... (step wait-ready)"}. */
    public String statusReason() {
        return reason + ": " + message + " (step " + step + ")";
    }

    /** A failure caused by an exception nobody classified: its kind is the reason, as Strimzi's conditions do. */
    public static StoreFailure unexpected(String step, Throwable error, Instant at) {
        String message = error.getMessage() == null ? "(no message)" : error.getMessage();
        return new StoreFailure(step, error.getClass().getSimpleName(), message, at);
    }
}
