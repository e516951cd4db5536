package io.storeorchestrator.worker.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * How a Kubernetes API error is treated. Transient: the server is busy, throttling (429, with its Retry-After),
 * restarting or unreachable (5xx, I/O), or a write raced another (409 Conflict: the next attempt reads afresh).
 * Anything else is the request's fault (403 Forbidden, 422 Invalid, ...) and retrying cannot help; for a rejected
 * object the message names the object and each offending field.
 *
 * @param transientError whether a retry may succeed
 * @param reason         the Kubernetes reason ({@code Forbidden}), or the error's kind when the server sent none
 * @param message        the server's (or the client's) explanation
 * @param retryAfter     how long the server asked us to wait (429 / 503 with Retry-After), if it did
 */
public record KubernetesFailure(boolean transientError, String reason, String message, Optional<Duration> retryAfter) {

    private static final int CONFLICT = 409;
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int REQUEST_TIMEOUT = 408;
    private static final int SERVER_ERROR = 500;

    public static KubernetesFailure of(Throwable error) {
        if (error instanceof KubernetesStepException step) {
            return step.failure();
        }
        if (error instanceof KubernetesClientException e) {
            int code = e.getCode();
            // code <= 0: no response at all; only an I/O failure (refused, reset, timed out) is worth a retry.
            boolean transientError = code >= SERVER_ERROR || code == TOO_MANY_REQUESTS || code == CONFLICT
                    || code == REQUEST_TIMEOUT || (code <= 0 && causedByIo(e));
            Status status = e.getStatus();
            String reason = status != null && notBlank(status.getReason()) ? status.getReason()
                    : code > 0 ? "HTTP " + code : rootCause(e).getClass().getSimpleName();
            String message = status != null && notBlank(status.getMessage()) ? status.getMessage()
                    : rootCause(e).getMessage();
            return new KubernetesFailure(transientError, reason, withCauses(message, status), retryAfter(status));
        }
        Throwable root = rootCause(error);
        return new KubernetesFailure(causedByIo(error), root.getClass().getSimpleName(),
                root.getMessage() == null ? "" : root.getMessage(), Optional.empty());
    }

    /** The server's own Retry-After, which it sends in the Status details of a 429 or 503. */
    private static Optional<Duration> retryAfter(Status status) {
        StatusDetails details = status == null ? null : status.getDetails();
        if (details == null || details.getRetryAfterSeconds() == null || details.getRetryAfterSeconds() <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(details.getRetryAfterSeconds()));
    }

    /** A 422's causes say which field is wrong and why: {@code spec.replicas: Invalid value: -1: must be >= 0}. */
    private static String withCauses(String message, Status status) {
        String text = message == null ? "" : message;
        StatusDetails details = status == null ? null : status.getDetails();
        List<StatusCause> causes = details == null || details.getCauses() == null ? List.of() : details.getCauses();
        String fields = causes.stream()
                .filter(cause -> notBlank(cause.getField()) && !text.contains(cause.getField()))
                .map(cause -> cause.getField() + ": " + (cause.getMessage() == null ? cause.getReason() : cause.getMessage()))
                .collect(Collectors.joining("; "));
        return fields.isEmpty() ? text : text + " (" + fields + ")";
    }

    private static boolean causedByIo(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof InterruptedIOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
