package io.storeorchestrator.common.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import org.slf4j.MDC;

/** Puts a span's trace and span ids in the logging context ({@code traceId}, {@code spanId}) while it is current. */
public final class TraceLogging {

    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    /** Undoes one {@link #put}; closing it twice does nothing more. */
    @FunctionalInterface
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    private static final Restore NOTHING = () -> { };

    private TraceLogging() {
    }

    /** The ids of {@code context}'s span, until the returned handle is closed; nothing when it has no valid span. */
    public static Restore put(Context context) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return NOTHING;
        }
        String previousTrace = MDC.get(TRACE_ID);
        String previousSpan = MDC.get(SPAN_ID);
        MDC.put(TRACE_ID, span.getTraceId());
        MDC.put(SPAN_ID, span.getSpanId());
        return () -> {
            restore(TRACE_ID, previousTrace);
            restore(SPAN_ID, previousSpan);
        };
    }

    /** The current span's ids. */
    public static Restore putCurrent() {
        return put(Context.current());
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
