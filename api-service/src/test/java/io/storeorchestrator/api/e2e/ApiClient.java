package io.storeorchestrator.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST API as a client script would use it: plain HTTP and JSON, nothing from the service's own code, with
 * {@code Authorization: Bearer <key>} on every request (none when the key is null).
 */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status code and parsed JSON body (a missing node when the body is empty). */
    public record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String key;

    public ApiClient(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    /** The same API, called with another credential (null: none). */
    public ApiClient as(String otherKey) {
        return new ApiClient(baseUrl, otherKey);
    }

    public Reply createStore(String name, String engine) {
        return send("POST", "/api/v1/stores", "{\"name\":\"" + name + "\",\"engine\":\"" + engine + "\"}");
    }

    /** A create with a plan and a version. */
    public Reply createStore(String name, String engine, String plan, String version) {
        return send("POST", "/api/v1/stores", "{\"name\":\"" + name + "\",\"engine\":\"" + engine + "\",\"plan\":\""
                + plan + "\",\"version\":\"" + version + "\"}");
    }

    /** PATCH with a JSON body such as {@code {"version":"6.6"}}. */
    public Reply update(String id, String json) {
        return send("PATCH", "/api/v1/stores/" + id, json);
    }

    public Reply rollback(String id, int revision) {
        return send("POST", "/api/v1/stores/" + id + "/rollback", "{\"revision\":" + revision + "}");
    }

    /** The store's revisions, newest first. */
    public JsonNode revisions(String id) {
        return send("GET", "/api/v1/stores/" + id + "/revisions", null).body().path("items");
    }

    public Reply store(String id) {
        return send("GET", "/api/v1/stores/" + id, null);
    }

    public String status(String id) {
        return store(id).body().path("status").asText();
    }

    public Reply deleteStore(String id) {
        return send("DELETE", "/api/v1/stores/" + id, null);
    }

    public Reply retry(String id) {
        return send("POST", "/api/v1/stores/" + id + "/retry", null);
    }

    /** The store's timeline as "type step: message" lines, oldest first. */
    public List<String> timeline(String id) {
        List<String> lines = new ArrayList<>();
        for (JsonNode event : send("GET", "/api/v1/stores/" + id + "/events", null).body().path("items")) {
            lines.add(event.path("type").asText() + " " + event.path("step").asText() + ": "
                    + event.path("message").asText());
        }
        return lines;
    }

    public Reply audit() {
        return send("GET", "/api/v1/audit?limit=100", null);
    }

    public Reply send(String method, String path, String json) {
        return send(method, path, json, java.util.Map.of());
    }

    /** @param headers sent as well (a W3C {@code traceparent}, ...) */
    public Reply send(String method, String path, String json, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(15))
                .header("Accept", "application/json")
                .header("X-Actor", "e2e-test");
        if (key != null && !headers.containsKey("Authorization")) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body() == null || response.body().isBlank()
                    ? JSON.missingNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
