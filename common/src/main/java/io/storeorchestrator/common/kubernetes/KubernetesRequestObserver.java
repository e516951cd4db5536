package io.storeorchestrator.common.kubernetes;

import java.net.URI;

/**
 * Sees every request of the service's Kubernetes client, from the moment it is sent (after the rate limit) until its
 * response headers arrive or it fails: the metrics and the trace spans of Kubernetes calls.
 */
public interface KubernetesRequestObserver {

    /**
     * A request is sent now, on the thread that sends it (so the caller's trace context is current).
     *
     * @return what to tell when it ends; called once, on any thread
     */
    Completion sending(KubernetesVerb verb, String method, URI uri);

    /** The end of one request. */
    interface Completion {
        /**
         * @param status the HTTP status, 0 when no response came
         * @param nanos  how long it took, or -1 when unknown (a watch's WebSocket upgrade)
         */
        void ended(KubernetesOutcome outcome, int status, long nanos);
    }
}
