package io.storeorchestrator.common.logging;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every service's log line, in one of two formats chosen by {@code LOG_FORMAT} (logback.xml passes it in):
 * <ul>
 *   <li>{@code json} (the default): one JSON object per line, for log collectors —
 *       {@code {"time":"2026-11-23T10:00:00.123Z","level":"INFO","logger":"…","thread":"…","message":"…",
 *       "storeId":"…","generation":"1","commandId":"…","traceId":"…","exception":"…"}}: the logging context (MDC)
 *       flattened into the object, the keys of {@link #CONTEXT_KEYS} first, where they apply;</li>
 *   <li>{@code text}: one line for a person at a terminal, the same context as {@code key=value} at the end.</li>
 * </ul>
 * Small on purpose: no JSON library, no configuration beyond the format. Secrets never reach a log line because
 * nothing logs them, not because of anything here.
 */
public class PlatformLogEncoder extends EncoderBase<ILoggingEvent> {

    public static final String JSON = "json";
    public static final String TEXT = "text";
    /** Context keys, in the order they are written; any other MDC key follows, alphabetically. */
    public static final List<String> CONTEXT_KEYS = List.of("storeId", "tenant", "generation", "commandId", "traceId",
            "spanId");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);
    private static final byte[] NO_BYTES = new byte[0];

    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(36);
    private String format = JSON;
    private boolean json = true;

    /** {@code json} or {@code text}; anything else is taken as {@code json}, with a warning at start-up. */
    public void setFormat(String format) {
        this.format = format == null ? JSON : format.strip().toLowerCase(Locale.ROOT);
    }

    public String getFormat() {
        return format;
    }

    @Override
    public void start() {
        if (!format.equals(JSON) && !format.equals(TEXT)) {
            addWarn("LOG_FORMAT '" + format + "' is neither json nor text; logging JSON");
            format = JSON;
        }
        json = format.equals(JSON);
        super.start();
    }

    @Override
    public byte[] headerBytes() {
        return NO_BYTES;
    }

    @Override
    public byte[] footerBytes() {
        return NO_BYTES;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        String line = json ? json(event) : text(event);
        return line.getBytes(StandardCharsets.UTF_8);
    }

    String json(ILoggingEvent event) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"time\":\"").append(TIME.format(event.getInstant())).append('"');
        field(out, "level", event.getLevel().toString());
        field(out, "logger", event.getLoggerName());
        field(out, "thread", event.getThreadName());
        field(out, "message", event.getFormattedMessage());
        context(event).forEach((key, value) -> field(out, key, value));
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            field(out, "exception", ThrowableProxyUtil.asString(thrown));
        }
        return out.append('}').append(CoreConstants.LINE_SEPARATOR).toString();
    }

    String text(ILoggingEvent event) {
        StringBuilder out = new StringBuilder(256);
        out.append(TIME.format(event.getInstant())).append(' ');
        String level = event.getLevel().toString();
        out.append(level).append(" ".repeat(Math.max(0, 5 - level.length())));
        out.append(" [").append(event.getThreadName()).append("] ");
        out.append(abbreviator.abbreviate(event.getLoggerName())).append(" - ").append(event.getFormattedMessage());
        context(event).forEach((key, value) -> out.append(' ').append(key).append('=').append(value));
        out.append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            out.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return out.toString();
    }

    /** The logging context, known keys first; only what is set. */
    private static Map<String, String> context(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.isEmpty()) {
            return Map.of();
        }
        Map<String, String> ordered = new java.util.LinkedHashMap<>();
        for (String key : CONTEXT_KEYS) {
            String value = mdc.get(key);
            if (value != null) {
                ordered.put(key, value);
            }
        }
        if (ordered.size() < mdc.size()) {
            new TreeMap<>(mdc).forEach((key, value) -> {
                if (value != null) {
                    ordered.putIfAbsent(key, value);
                }
            });
        }
        return ordered;
    }

    private static void field(StringBuilder out, String key, String value) {
        out.append(",\"");
        escape(out, key);
        out.append("\":");
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        escape(out, value);
        out.append('"');
    }

    /** JSON string escaping (RFC 8259): quotes, backslashes and control characters. */
    static void escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
