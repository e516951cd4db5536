package io.storeorchestrator.common.tracing;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Traces, under {@code otel.*}, bound by Micronaut straight from OpenTelemetry's usual environment variables. Off
 * unless an endpoint is set: then no SDK is created, nothing is exported and every span is OpenTelemetry's no-op.
 *
 * @param exporterOtlpEndpoint {@code OTEL_EXPORTER_OTLP_ENDPOINT} (empty: tracing off): base URL of an OTLP/HTTP
 *                             receiver (a collector's port 4318); spans go to {@code <endpoint>/v1/traces} as protobuf
 * @param serviceName          {@code OTEL_SERVICE_NAME} (the service's name: api-service, provisioner-worker,
 *                             reaper-service): the {@code service.name} of its spans
 * @param tracesSamplerArg     {@code OTEL_TRACES_SAMPLER_ARG} (1.0): the share of new traces recorded (parent-based
 *                             trace-id ratio: a store's trace is whole or absent, whichever service it passes)
 * @param bspScheduleDelay     {@code OTEL_BSP_SCHEDULE_DELAY} (5000): milliseconds between two exports of finished
 *                             spans, as the OpenTelemetry spec has it
 */
@ConfigurationProperties("otel")
public record TracingSettings(
        @Nullable String exporterOtlpEndpoint,
        @Nullable String serviceName,
        @Bindable(defaultValue = "1.0") double tracesSamplerArg,
        @Bindable(defaultValue = "5000") long bspScheduleDelay) {

    public TracingSettings {
        if (!(tracesSamplerArg >= 0 && tracesSamplerArg <= 1)) {
            throw new IllegalArgumentException("OTEL_TRACES_SAMPLER_ARG must be between 0 and 1, got " + tracesSamplerArg);
        }
        if (bspScheduleDelay < 1) {
            throw new IllegalArgumentException("OTEL_BSP_SCHEDULE_DELAY must be a positive number of milliseconds, got "
                    + bspScheduleDelay);
        }
    }

    /** Tracing off. */
    public static TracingSettings off() {
        return new TracingSettings(null, null, 1.0, 5000);
    }

    public boolean enabled() {
        return exporterOtlpEndpoint != null && !exporterOtlpEndpoint.isBlank();
    }

    /** Where spans are sent: the endpoint with the traces path appended, as the spec says for the generic variable. */
    public String tracesUrl() {
        String base = exporterOtlpEndpoint.strip();
        return (base.endsWith("/") ? base : base + "/") + "v1/traces";
    }
}
