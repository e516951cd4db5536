package io.storeorchestrator.common.kubernetes;

import java.util.Locale;

/**
 * How a Kubernetes API request ended, as the {@code outcome} label says it. Not found is apart from other client
 * errors because it is an everyday answer (an object that is not there yet, a namespace that is gone), and throttled
 * because it calls for a different fix.
 */
public enum KubernetesOutcome {
    SUCCESS, NOT_FOUND, CLIENT_ERROR, THROTTLED, SERVER_ERROR,
    /** No response at all: connection refused or reset, timeout. */
    ERROR;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    public static KubernetesOutcome of(int status) {
        if (status == 404) {
            return NOT_FOUND;
        }
        if (status == 429) {
            return THROTTLED;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        if (status >= 400) {
            return CLIENT_ERROR;
        }
        return status > 0 ? SUCCESS : ERROR;
    }
}
