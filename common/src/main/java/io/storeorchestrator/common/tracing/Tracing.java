package io.storeorchestrator.common.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * A service's traces: an OpenTelemetry tracer (the SDK's when tracing is on, the no-op one otherwise) and the W3C
 * trace context, which crosses process boundaries as a {@code traceparent} header — on HTTP requests, on RabbitMQ
 * messages, and in the outbox row a command waits in. Everything here is safe and nearly free when tracing is off:
 * spans are no-ops, and {@link #traceparent} is null, so no header is written.
 */
public final class Tracing implements AutoCloseable {

    /** The W3C trace context header, on HTTP requests and RabbitMQ messages. */
    public static final String TRACEPARENT = "traceparent";
    /** Instrumentation scope of every span of the platform. */
    public static final String SCOPE = "io.storeorchestrator";

    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
    private static final Tracing OFF = new Tracing(TracerProvider.noop().get(SCOPE), false, null);
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, ?>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, ?> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, ?> carrier, String key) {
            Object value = carrier == null ? null : carrier.get(key);
            // RabbitMQ hands string headers over as LongString, whose toString is the text.
            return value == null ? null : value.toString();
        }
    };
    private static final TextMapSetter<Map<String, String>> MAP_SETTER = Map::put;

    private final Tracer tracer;
    private final boolean enabled;
    private final AutoCloseable sdk;

    private Tracing(Tracer tracer, boolean enabled, AutoCloseable sdk) {
        this.tracer = tracer;
        this.enabled = enabled;
        this.sdk = sdk;
    }

    /** No tracing: no SDK, no-op spans, no headers. */
    public static Tracing off() {
        return OFF;
    }

    /** Traces from {@code provider} (tests hand in an SDK with an in-memory exporter); closing it is the caller's job. */
    public static Tracing of(TracerProvider provider) {
        return new Tracing(provider.get(SCOPE), true, null);
    }

    /** From the settings: off without an endpoint, else an SDK exporting to it over OTLP/HTTP. */
    public static Tracing fromSettings(TracingSettings settings, String defaultServiceName) {
        if (!settings.enabled()) {
            return OFF;
        }
        String serviceName = settings.serviceName() == null || settings.serviceName().isBlank()
                ? defaultServiceName : settings.serviceName();
        // Only here are the SDK's classes loaded.
        OtlpTracerProvider provider = OtlpTracerProvider.create(settings, serviceName);
        LOG.info("Tracing on: spans of {} go to {} (sampling {})", serviceName, settings.tracesUrl(),
                settings.tracesSamplerArg());
        return new Tracing(provider.tracer(SCOPE), true, provider);
    }

    public boolean enabled() {
        return enabled;
    }

    public Tracer tracer() {
        return tracer;
    }

    /** A span builder of the platform's tracer. */
    public SpanBuilder span(String name, SpanKind kind) {
        return tracer.spanBuilder(name).setSpanKind(kind);
    }

    /** The W3C {@code traceparent} of the current span, or null when there is none (or tracing is off). */
    public String currentTraceparent() {
        return enabled ? traceparent(Context.current()) : null;
    }

    /** The W3C {@code traceparent} of {@code context}'s span, or null when it has no valid one. */
    public static String traceparent(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(context, carrier, MAP_SETTER);
        return carrier.get(TRACEPARENT);
    }

    /** The context a {@code traceparent} continues: the root context when it is null or malformed. */
    public static Context contextOf(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP_GETTER);
    }

    /** The context carried by message or request headers ({@code traceparent}, {@code tracestate}). */
    public static Context extract(Map<String, ?> headers) {
        if (headers == null || headers.isEmpty()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), headers, MAP_GETTER);
    }

    /** The trace id of the current span, or null: what the logs' {@code traceId} says. */
    public static String currentTraceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    /** Sends the spans still buffered and stops exporting. */
    @Override
    public void close() {
        if (sdk != null) {
            try {
                sdk.close();
            } catch (Exception e) {
                LOG.debug("closing the tracer provider", e);
            }
        }
    }
}
