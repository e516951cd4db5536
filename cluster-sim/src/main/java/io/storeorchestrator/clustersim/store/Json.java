package io.storeorchestrator.clustersim.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.UncheckedIOException;

/** The JSON (and YAML) mappers the simulator reads and writes objects with. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Parses a JSON or YAML document (YAML is a superset of JSON, but JSON goes through the faster parser). */
    public static JsonNode parse(String text) {
        try {
            String trimmed = text.stripLeading();
            boolean looksLikeJson = trimmed.startsWith("{") || trimmed.startsWith("[");
            return (looksLikeJson ? MAPPER : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed request body: " + e.getOriginalMessage(), e);
        }
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
