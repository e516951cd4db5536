package io.storeorchestrator.api.e2e;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * The smallest OTLP/HTTP trace receiver that tells a test which spans the services sent: {@code POST /v1/traces} with
 * an {@code ExportTraceServiceRequest} in protobuf, read with a few lines of wire-format decoding rather than the
 * generated classes (only the fields a test looks at: service name, ids, name, kind, string attributes).
 */
final class OtlpReceiver implements AutoCloseable {

    /** One span as received. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, int kind,
                        Map<String, String> attributes) {
        boolean isRoot() {
            return parentSpanId.isEmpty();
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/v1/traces", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    byte[] bytes = body.readAllBytes();
                    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                        bytes = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
                    }
                    receiver.spans.addAll(decode(ByteBuffer.wrap(bytes)));
                    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                    exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
                } catch (RuntimeException e) {
                    exchange.sendResponseHeaders(400, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What OTEL_EXPORTER_OTLP_ENDPOINT should say. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    static List<ReceivedSpan> decode(ByteBuffer request) {
        List<ReceivedSpan> out = new java.util.ArrayList<>();
        Fields fields = new Fields(request);
        while (fields.next()) {
            if (fields.number == 1) {
                resourceSpans(fields.bytes(), out);
            } else {
                fields.skip();
            }
        }
        return out;
    }

    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
    private static void resourceSpans(ByteBuffer message, List<ReceivedSpan> out) {
        String service = "";
        List<ByteBuffer> scopes = new java.util.ArrayList<>();
        Fields fields = new Fields(message);
        while (fields.next()) {
            switch (fields.number) {
                case 1 -> service = attributes(fields.bytes(), 1).getOrDefault("service.name", "");
                case 2 -> scopes.add(fields.bytes());
                default -> fields.skip();
            }
        }
        for (ByteBuffer scope : scopes) {
            // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
            Fields scopeFields = new Fields(scope);
            while (scopeFields.next()) {
                if (scopeFields.number == 2) {
                    out.add(span(service, scopeFields.bytes()));
                } else {
                    scopeFields.skip();
                }
            }
        }
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6;
    //        repeated KeyValue attributes = 9; ... }
    private static ReceivedSpan span(String service, ByteBuffer message) {
        String traceId = "", spanId = "", parent = "", name = "";
        int kind = 0;
        Map<String, String> attributes = new HashMap<>();
        Fields fields = new Fields(message);
        while (fields.next()) {
            switch (fields.number) {
                case 1 -> traceId = HEX.formatHex(array(fields.bytes()));
                case 2 -> spanId = HEX.formatHex(array(fields.bytes()));
                case 4 -> parent = HEX.formatHex(array(fields.bytes()));
                case 5 -> name = text(fields.bytes());
                case 6 -> kind = (int) fields.varint();
                case 9 -> attributes.putAll(keyValue(fields.bytes()));
                default -> fields.skip();
            }
        }
        return new ReceivedSpan(service, traceId, spanId, parent, name, kind, attributes);
    }

    /** The string and integer attributes among the repeated KeyValue field {@code number} of {@code message}. */
    private static Map<String, String> attributes(ByteBuffer message, int number) {
        Map<String, String> attributes = new HashMap<>();
        Fields fields = new Fields(message);
        while (fields.next()) {
            if (fields.number == number) {
                attributes.putAll(keyValue(fields.bytes()));
            } else {
                fields.skip();
            }
        }
        return attributes;
    }

    // KeyValue { string key = 1; AnyValue value = 2; }  AnyValue { string string_value = 1; ... int64 int_value = 3; }
    private static Map<String, String> keyValue(ByteBuffer message) {
        String key = null;
        String value = null;
        Fields fields = new Fields(message);
        while (fields.next()) {
            if (fields.number == 1) {
                key = text(fields.bytes());
            } else if (fields.number == 2) {
                Fields any = new Fields(fields.bytes());
                while (any.next()) {
                    if (any.number == 1) {
                        value = text(any.bytes());
                    } else if (any.number == 3) {
                        value = Long.toString(any.varint());
                    } else {
                        any.skip();
                    }
                }
            } else {
                fields.skip();
            }
        }
        return key == null || value == null ? Map.of() : Map.of(key, value);
    }

    private static byte[] array(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static String text(ByteBuffer buffer) {
        return new String(array(buffer), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The protobuf wire format, one field at a time. */
    private static final class Fields {
        private final ByteBuffer in;
        int number;
        int wireType;

        Fields(ByteBuffer in) {
            this.in = in;
        }

        boolean next() {
            if (!in.hasRemaining()) {
                return false;
            }
            long tag = varint();
            number = (int) (tag >>> 3);
            wireType = (int) (tag & 7);
            return true;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = in.get();
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }

        ByteBuffer bytes() {
            int length = (int) varint();
            ByteBuffer slice = in.slice(in.position(), length);
            in.position(in.position() + length);
            return slice;
        }

        void skip() {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> in.position(in.position() + 8);
                case 2 -> bytes();
                case 5 -> in.position(in.position() + 4);
                default -> throw new IllegalStateException("wire type " + wireType);
            }
        }
    }
}
