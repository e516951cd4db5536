package io.storeorchestrator.common.kubernetes;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.storeorchestrator.common.tracing.Tracing;

import java.net.URI;

/**
 * A CLIENT span per Kubernetes API request, a child of whatever span is current on the thread that sends it (a step
 * of the worker, a sweep of the reaper): {@code kubernetes apply deployments}. Only where tracing is on. Watches are
 * left out: they are long-lived streams of the informers, not calls of a store's work.
 */
final class KubernetesRequestTracing implements KubernetesRequestObserver {

    private static final Completion NOTHING = (outcome, status, nanos) -> { };

    private final Tracing tracing;

    KubernetesRequestTracing(Tracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public Completion sending(KubernetesVerb verb, String method, URI uri) {
        if (verb == KubernetesVerb.WATCH) {
            return NOTHING;
        }
        Span span = tracing.span("kubernetes " + verb.label() + " " + KubernetesVerb.resource(uri.getRawPath()),
                        SpanKind.CLIENT)
                .setAttribute("http.request.method", method)
                .setAttribute("url.full", uri.toString())
                .setAttribute("kubernetes.verb", verb.label())
                .startSpan();
        return (outcome, status, nanos) -> {
            if (status > 0) {
                span.setAttribute("http.response.status_code", (long) status);
            }
            if (outcome != KubernetesOutcome.SUCCESS && outcome != KubernetesOutcome.NOT_FOUND) {
                span.setStatus(StatusCode.ERROR, outcome.label());
            }
            span.end();
        };
    }
}
