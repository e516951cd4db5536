package io.storeorchestrator.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.storeorchestrator.common.messaging.RabbitSettings;
import io.storeorchestrator.common.testsupport.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The api-service started in-process on a random port, the way the end-to-end tests start it, with a plain JDK HTTP
 * client so tests can send anything (malformed JSON, odd methods and content types) and read raw answers.
 */
public final class RunningApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningApi(EmbeddedServer server) {
        this.server = server;
    }

    /** The properties that point the service at a test database and a test broker topology. */
    public static Map<String, Object> properties(TestDatabase db, RabbitSettings rabbit) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("datasources.default.url", db.jdbcUrl());
        props.put("datasources.default.username", db.user());
        props.put("datasources.default.password", db.password());
        props.put("rabbitmq.host", rabbit.host());
        props.put("rabbitmq.port", rabbit.port());
        props.put("rabbitmq.username", rabbit.username());
        props.put("rabbitmq.password", rabbit.password());
        props.put("rabbitmq.topology-prefix", rabbit.topologyPrefix());
        props.put("api.outbox-poll-interval", "100ms");
        return props;
    }

    public static RunningApi start(Map<String, Object> properties) {
        return new RunningApi(ApplicationContext.run(EmbeddedServer.class, properties));
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public <T> T bean(Class<T> type) {
        return context().getBean(type);
    }

    public Response get(String path) {
        return send("GET", path, null, null, Map.of());
    }

    public Response postJson(String path, String body) {
        return send("POST", path, "application/json", body, Map.of());
    }

    public Response patchJson(String path, String body) {
        return send("PATCH", path, "application/json", body, Map.of());
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null, Map.of());
    }

    public Response send(String method, String path, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }

    /** A raw HTTP answer. */
    public record Response(int status, String body, HttpHeaders headers) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The error code of an error body, failing when the body is not exactly {"error":{"code","message"}}. */
        public String errorCode() {
            JsonNode error = json().get("error");
            if (error == null || json().size() != 1 || !error.path("code").isTextual() || !error.path("message").isTextual()) {
                throw new AssertionError("not an error body: " + status + " " + body);
            }
            return error.get("code").asText();
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
