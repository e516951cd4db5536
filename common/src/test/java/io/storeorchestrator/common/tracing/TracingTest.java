package io.storeorchestrator.common.tracing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TracingTest {

    @Test
    void offUnlessAnEndpointIsSetAndThenNothingIsWrittenOrRecorded() {
        Tracing off = Tracing.fromSettings(TracingSettings.off(), "api-service");
        assertThat(off.enabled()).isFalse();
        Span span = off.tracer().spanBuilder("noop").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            assertThat(off.currentTraceparent()).isNull();
            assertThat(Tracing.currentTraceId()).isNull();
        } finally {
            span.end();
        }
    }

    @Test
    void theContextTravelsAsAW3cTraceparent() {
        try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build()) {
            Tracing tracing = Tracing.of(provider);
            Span request = tracing.tracer().spanBuilder("POST /api/v1/stores").startSpan();
            String traceparent;
            try (Scope ignored = request.makeCurrent()) {
                traceparent = tracing.currentTraceparent();
            } finally {
                request.end();
            }
            assertThat(traceparent).matches("00-" + request.getSpanContext().getTraceId() + "-"
                    + request.getSpanContext().getSpanId() + "-0[13]");
            Context continued = Tracing.contextOf(traceparent);
            assertThat(Span.fromContext(continued).getSpanContext().getTraceId())
                    .isEqualTo(request.getSpanContext().getTraceId());
            assertThat(Span.fromContext(Tracing.extract(Map.of("traceparent", new StringBuilder(traceparent))))
                    .getSpanContext().getSpanId()).as("header values of any CharSequence (RabbitMQ's LongString)")
                    .isEqualTo(request.getSpanContext().getSpanId());
            assertThat(Span.fromContext(Tracing.contextOf("garbage")).getSpanContext().isValid()).isFalse();
            assertThat(Span.fromContext(Tracing.contextOf(null)).getSpanContext().isValid()).isFalse();
        }
    }

    @Test
    void theLogsCarryTheTraceIdWhileASpanIsCurrent() {
        try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build()) {
            Span span = Tracing.of(provider).tracer().spanBuilder("step").startSpan();
            MDC.put(TraceLogging.TRACE_ID, "outer");
            try (TraceLogging.Restore ignored = TraceLogging.put(Context.root().with(span))) {
                assertThat(MDC.get(TraceLogging.TRACE_ID)).isEqualTo(span.getSpanContext().getTraceId());
                assertThat(MDC.get(TraceLogging.SPAN_ID)).isEqualTo(span.getSpanContext().getSpanId());
            }
            assertThat(MDC.get(TraceLogging.TRACE_ID)).isEqualTo("outer");
            assertThat(MDC.get(TraceLogging.SPAN_ID)).isNull();
        } finally {
            MDC.clear();
        }
    }

    @Test
    void settingsComeFromOpenTelemetrysEnvironmentVariables() {
        PropertySource environment = PropertySource.of("test-env", Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/",
                "OTEL_SERVICE_NAME", "worker-a",
                "OTEL_TRACES_SAMPLER_ARG", "0.25",
                "OTEL_BSP_SCHEDULE_DELAY", "200"), PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE);
        try (ApplicationContext context = ApplicationContext.builder().propertySources(environment).start()) {
            TracingSettings settings = context.getBean(TracingSettings.class);
            assertThat(settings).isEqualTo(new TracingSettings("http://collector:4318/", "worker-a", 0.25, 200));
            assertThat(settings.tracesUrl()).isEqualTo("http://collector:4318/v1/traces");
            assertThat(context.getBean(Tracing.class).enabled()).isTrue();
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of())) {
            assertThat(context.getBean(TracingSettings.class)).isEqualTo(TracingSettings.off());
            assertThat(context.getBean(Tracing.class)).isSameAs(Tracing.off());
        }
    }
}
