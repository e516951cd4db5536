package io.storeorchestrator.api.stream;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * The settings of the live store stream ({@code GET /api/v1/stores/stream}); {@code application.yml} maps each from
 * its environment variable, and the chart and docker-compose use exactly these names. The other settings are
 * {@code ApiConfig}'s and {@code AccessConfig}'s.
 *
 * @param heartbeat    {@code API_STREAM_HEARTBEAT} (15s): a {@code : heartbeat} comment line this often on every
 *                     stream, so proxies keep idle streams open and dead clients are found
 * @param retention    {@code API_STREAM_RETENTION} (1h): how long changes are kept for clients that resume with
 *                     {@code Last-Event-ID}; one that resumes from an older id gets {@code event: reset}
 * @param maxClients   {@code API_STREAM_MAX_CLIENTS} (5000): streams open at once on one replica; one more is 503
 * @param clientBuffer {@code API_STREAM_CLIENT_BUFFER} (256): events held for a client that does not read them fast
 *                     enough; one more disconnects it (it resumes with {@code Last-Event-ID})
 * @param replayMax    {@code API_STREAM_REPLAY_MAX} (1000): the most stores a resume replays; when more changed since
 *                     the client's id, it gets {@code event: reset} and reloads instead
 */
@ConfigurationProperties("api.stream")
public record StreamConfig(
        @NotNull Duration heartbeat,
        @NotNull Duration retention,
        @Min(0) int maxClients,
        @Min(1) int clientBuffer,
        @Min(1) int replayMax) {
}
