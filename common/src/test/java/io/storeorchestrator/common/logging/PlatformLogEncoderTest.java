package io.storeorchestrator.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformLogEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoggerContext context = new LoggerContext();

    private LoggingEvent event(String message, Map<String, String> mdc, Throwable thrown, Object... args) {
        LoggingEvent event = new LoggingEvent("test", context.getLogger("io.storeorchestrator.worker.flow.CommandProcessor"),
                Level.INFO, message, thrown, args);
        event.setThreadName("command-7");
        event.setMDCPropertyMap(mdc);
        return event;
    }

    private PlatformLogEncoder encoder(String format) {
        PlatformLogEncoder encoder = new PlatformLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.start();
        return encoder;
    }

    @Test
    void jsonIsOneObjectPerLineWithTheContextFlattened() throws Exception {
        String line = new String(encoder("json").encode(event("Store {} is \"ready\"\n\tnext", Map.of(
                "storeId", "s-1", "generation", "2", "commandId", "c-9", "traceId", "abc", "custom", "x"), null, "s-1")),
                StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n").doesNotContain("\n\t");
        assertThat(line.strip().lines()).hasSize(1);
        JsonNode json = JSON.readTree(line);
        assertThat(fieldNames(json)).containsExactly("time", "level", "logger", "thread", "message", "storeId",
                "generation", "commandId", "traceId", "custom");
        assertThat(json.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("logger").asText()).isEqualTo("io.storeorchestrator.worker.flow.CommandProcessor");
        assertThat(json.get("thread").asText()).isEqualTo("command-7");
        assertThat(json.get("message").asText()).isEqualTo("Store s-1 is \"ready\"\n\tnext");
        assertThat(json.get("storeId").asText()).isEqualTo("s-1");
        assertThat(json.has("tenant")).as("absent unless set").isFalse();
    }

    @Test
    void exceptionsAreOneFieldOfTheSameLine() throws Exception {
        String line = new String(encoder("json").encode(event("failed", Map.of(), new IllegalStateException("boom"))),
                StandardCharsets.UTF_8);
        assertThat(line.strip().lines()).hasSize(1);
        assertThat(JSON.readTree(line).get("exception").asText())
                .startsWith("java.lang.IllegalStateException: boom").contains("\tat ");
    }

    @Test
    void controlCharactersAreEscaped() throws Exception {
        String line = new String(encoder("json").encode(event("bell\u0007 and \u2028", Map.of(), null)),
                StandardCharsets.UTF_8);
        assertThat(line).contains("\\u0007").contains("\\u2028");
        assertThat(JSON.readTree(line).get("message").asText()).isEqualTo("bell\u0007 and \u2028");
    }

    @Test
    void textIsOneLineForAPersonWithTheContextAtTheEnd() {
        String line = new String(encoder("TEXT").encode(event("Store ready", Map.of("storeId", "s-1",
                "generation", "2"), null)), StandardCharsets.UTF_8);
        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ INFO  \\[command-7] i\\.s\\.worker\\.flow\\.CommandProcessor - "
                + "Store ready storeId=s-1 generation=2\\n");
    }

    @Test
    void anUnknownFormatIsJson() throws Exception {
        PlatformLogEncoder encoder = encoder("xml");
        assertThat(encoder.getFormat()).isEqualTo("json");
        assertThat(JSON.readTree(encoder.encode(event("x", Map.of(), null))).get("message").asText()).isEqualTo("x");
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
