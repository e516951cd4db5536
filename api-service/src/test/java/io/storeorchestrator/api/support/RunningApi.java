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
 * client so tests can send anything (malformed JSON, odd methods and content types) and read raw answers. Requests
 * carry the bootstrap admin key unless they set their own Authorization ({@link #NO_CREDENTIAL} for none); rate
 * limits are high unless a test lowers them; management endpoints are on a port of their own ({@link #management}).
 */
public final class RunningApi implements AutoCloseable {

    /** The bootstrap admin key every test API starts with. */
    public static final String ADMIN_KEY = "so_test-admin-0000000000000000000000000000000000";
    /** As the Authorization header of {@link #send}: send none. */
    public static final String NO_CREDENTIAL = "";

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
        props.put("api.access.bootstrap-admin-key", ADMIN_KEY);
        props.put("api.access.requests-per-minute", 1_000_000);
        props.put("api.access.creates-per-minute", 1_000_000);
        props.put("endpoints.all.port", freePort());
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

    /** A GET on the management port (/health, /prometheus). */
    public Response management(String path) {
        int port = context().getProperty("endpoints.all.port", Integer.class).orElseThrow();
        return sendTo(port, "GET", path, null, null, Map.of());
    }

    /** @param key the bearer credential, or null for none */
    public Response as(String key, String method, String path, String body) {
        return send(method, path, body == null ? null : "application/json", body,
                Map.of("Authorization", key == null ? NO_CREDENTIAL : "Bearer " + key));
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
        Map<String, String> withCredential = new HashMap<>(headers);
        String authorization = withCredential.remove("Authorization");
        if (authorization == null) {
            withCredential.put("Authorization", "Bearer " + ADMIN_KEY);
        } else if (!authorization.equals(NO_CREDENTIAL)) {
            withCredential.put("Authorization", authorization);
        }
        return sendTo(server.getPort(), method, path, contentType, body, withCredential);
    }

    private Response sendTo(int port, String method, String path, String contentType, String body,
                            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
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

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
