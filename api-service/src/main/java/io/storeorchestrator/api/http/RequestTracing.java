package io.storeorchestrator.api.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.storeorchestrator.common.tracing.TraceContextElement;
import io.storeorchestrator.common.tracing.Tracing;

import java.util.HashMap;
import java.util.Map;

/**
 * A SERVER span per API request ({@code POST /api/v1/stores}), continuing the caller's W3C trace context when it
 * sends one, and current wherever the request runs (Micronaut's propagated context carries it onto the blocking
 * executor), so the outbox row a request writes remembers it and the logs carry its trace id. Only registered when
 * tracing is on; health checks and scrapes are not traced.
 */
@ServerFilter("/api/**")
@Requires(property = "otel.exporter.otlp.endpoint", pattern = ".*\\S.*")
public class RequestTracing implements Ordered {

    private static final String SPAN = RequestTracing.class.getName() + ".span";

    private final Tracing tracing;

    public RequestTracing(Tracing tracing) {
        this.tracing = tracing;
    }

    @RequestFilter
    public void start(HttpRequest<?> request, MutablePropagatedContext propagated) {
        if (!tracing.enabled()) {
            return;
        }
        Map<String, String> headers = new HashMap<>(2);
        request.getHeaders().findFirst(Tracing.TRACEPARENT).ifPresent(v -> headers.put(Tracing.TRACEPARENT, v));
        request.getHeaders().findFirst("tracestate").ifPresent(v -> headers.put("tracestate", v));
        Context parent = Tracing.extract(headers);
        Span span = tracing.span(request.getMethodName() + " " + route(request), SpanKind.SERVER)
                .setParent(parent)
                .setAttribute("http.request.method", request.getMethodName())
                .setAttribute("url.path", request.getPath())
                .startSpan();
        request.setAttribute(SPAN, span);
        propagated.add(new TraceContextElement(parent.with(span)));
    }

    @ResponseFilter
    public void end(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(SPAN, Span.class).ifPresent(span -> {
            int status = response.code();
            span.updateName(request.getMethodName() + " " + route(request));
            span.setAttribute("http.response.status_code", (long) status);
            BasicHttpAttributes.getUriTemplate(request).ifPresent(route -> span.setAttribute("http.route", route));
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        });
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.TRACING.order();
    }

    /** The route template ({@code /api/v1/stores/{id}}), so span names stay few; the path until it is known. */
    private static String route(HttpRequest<?> request) {
        return BasicHttpAttributes.getUriTemplate(request).orElse(request.getPath());
    }
}
