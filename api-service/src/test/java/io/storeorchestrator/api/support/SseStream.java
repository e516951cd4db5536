package io.storeorchestrator.api.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Server-Sent Events client for tests: opens a stream with the JDK HTTP client and reads it line by line on a
 * virtual thread, as the spec says (fields {@code id}, {@code event}, {@code data}; a line starting with {@code :} is
 * a comment; a blank line ends an event). Closing it closes the connection.
 */
public final class SseStream implements AutoCloseable {

    /** One dispatched event. */
    public record Frame(String id, String event, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final int status;
    public final String contentType;
    /** The body of a response that is not a stream (an error). */
    public final String errorBody;
    private final InputStream body;
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile boolean ended;

    private SseStream(HttpResponse<InputStream> response) throws IOException {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        if (status != 200) {
            try (InputStream in = response.body()) {
                this.errorBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            this.body = null;
            this.ended = true;
            return;
        }
        this.errorBody = null;
        this.body = response.body();
        Thread.ofVirtual().name("sse-reader").start(this::read);
    }

    /**
     * @param key         the bearer credential, or null for none
     * @param lastEventId the Last-Event-ID header, or null
     */
    public static SseStream open(int port, String key, String query, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/stores/stream" + (query == null ? "" : query)))
                .header("Accept", "text/event-stream").GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new SseStream(HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(20, TimeUnit.SECONDS));
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not open the stream", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** The {@code event: store} frames, in the order they came. */
    public List<Frame> stores() {
        return frames.stream().filter(f -> "store".equals(f.event())).toList();
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    /** Every line read, as it came. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Whether the server ended the response (or the connection broke). */
    public boolean ended() {
        return ended;
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            List<String> data = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.isEmpty()) {
                    if (!data.isEmpty() || event != null || id != null) {
                        frames.add(new Frame(id, event, String.join("\n", data)));
                    }
                    id = null;
                    event = null;
                    data = new ArrayList<>();
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> event = value;
                        case "data" -> data.add(value);
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            // closed by the test, or by the server
        } finally {
            ended = true;
        }
    }

    @Override
    public void close() {
        if (body != null) {
            try {
                body.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
