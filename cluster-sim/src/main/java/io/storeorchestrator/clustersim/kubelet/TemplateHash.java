package io.storeorchestrator.clustersim.kubelet;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A short, stable hash of a pod template, like Kubernetes' {@code pod-template-hash}: equal templates hash equal
 * whatever the order of their fields, so an unchanged re-apply rolls nothing.
 */
final class TemplateHash {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private TemplateHash() {
    }

    static String of(JsonNode template) {
        StringBuilder canonical = new StringBuilder();
        appendCanonical(template, canonical);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hash = new StringBuilder(10);
            for (int i = 0; i < 10; i++) {
                hash.append(ALPHABET.charAt((digest[i] & 0xff) % ALPHABET.length()));
            }
            return hash.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static void appendCanonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            out.append('{');
            sorted.forEach((key, value) -> {
                out.append('"').append(key).append("\":");
                appendCanonical(value, out);
                out.append(',');
            });
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            node.forEach(element -> {
                appendCanonical(element, out);
                out.append(',');
            });
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }
}
