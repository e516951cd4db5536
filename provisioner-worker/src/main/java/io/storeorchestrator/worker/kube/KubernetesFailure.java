package io.storeorchestrator.worker.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.util.concurrent.TimeoutException;

/**
 * How a Kubernetes API error is treated: transient errors (the server is busy, restarting or unreachable) are
 * retried; anything else is the request's fault (403 Forbidden, 422 Invalid, ...) and retrying cannot help.
 *
 * @param transientError whether a retry may succeed
 * @param reason         the Kubernetes reason ({@code Forbidden}), or the error's kind when the server sent none
 * @param message        the server's (or the client's) explanation
 */
public record KubernetesFailure(boolean transientError, String reason, String message) {

    private static final int TOO_MANY_REQUESTS = 429;

    public static KubernetesFailure of(Throwable error) {
        if (error instanceof KubernetesClientException e) {
            int code = e.getCode();
            // code <= 0: no response at all; only an I/O failure (refused, reset, timed out) is worth a retry.
            boolean transientError = code >= HttpURLConnection.HTTP_INTERNAL_ERROR || code == TOO_MANY_REQUESTS
                    || code == HttpURLConnection.HTTP_CLIENT_TIMEOUT || (code <= 0 && causedByIo(e));
            Status status = e.getStatus();
            String reason = status != null && notBlank(status.getReason()) ? status.getReason()
                    : code > 0 ? "HTTP " + code : rootCause(e).getClass().getSimpleName();
            String message = status != null && notBlank(status.getMessage()) ? status.getMessage()
                    : rootCause(e).getMessage();
            return new KubernetesFailure(transientError, reason, message == null ? "" : message);
        }
        boolean transientError = causedByIo(error);
        Throwable root = rootCause(error);
        return new KubernetesFailure(transientError, root.getClass().getSimpleName(),
                root.getMessage() == null ? "" : root.getMessage());
    }

    /** The statusReason a user reads: {@code namespace failed: Forbidden: namespaces is forbidden: ...}. */
    public String describeFor(String step) {
        return step + " failed: " + reason + ": " + message;
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
