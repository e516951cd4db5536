package io.storeorchestrator.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load on {@code POST /api/v1/stores}: request i is due at start + i / rate whatever happened to the ones
 * before, and its latency runs from that due time, not from when it was really sent. A load generator that waits for
 * answers (or falls behind) would otherwise send less exactly when the API is slow and hide that slowness
 * (coordinated omission). Requests go out asynchronously, so a slow answer never delays the next request.
 */
final class OpenLoopLoad {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What a load run saw.
     *
     * @param latencyNanos per request, due time → answer (or failure)
     * @param outcomes     requests by HTTP status, or by "timeout" / "io-error"
     * @param accepted     requests answered 202
     * @param window       first due time → every answer in
     */
    record Result(long[] latencyNanos, Map<String, Integer> outcomes, int accepted, Duration window) {

        int sent() {
            return latencyNanos.length;
        }

        double acceptedPerSecond() {
            return accepted * 1_000_000_000.0 / window.toNanos();
        }

        /** Every outcome but 202, as "status: count" pairs. */
        Map<String, Integer> errors() {
            Map<String, Integer> errors = new TreeMap<>(outcomes);
            errors.remove("202");
            return errors;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI endpoint;
    private final String authorization;

    /** @param apiKey the key the requests carry (the harness's admin key) */
    OpenLoopLoad(String apiBaseUrl, String apiKey) {
        this.endpoint = URI.create(apiBaseUrl + "/api/v1/stores");
        this.authorization = "Bearer " + apiKey;
    }

    /** Sends {@code rate × duration} creates named {@code <prefix>-<n>} and waits for every answer. */
    Result run(int rate, Duration duration, String prefix) {
        int count = (int) (rate * duration.toMillis() / 1000);
        long intervalNanos = 1_000_000_000L / rate;
        long[] latency = new long[count];
        String[] outcome = new String[count];
        CompletableFuture<?>[] answers = new CompletableFuture<?>[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * intervalNanos;
            // Pacing, not waiting for a condition: park until the request is due (at once when behind).
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            answers[i] = http.sendAsync(request(prefix + "-" + i), HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        latency[index] = System.nanoTime() - due;
                        outcome[index] = failure == null ? Integer.toString(response.statusCode()) : describe(failure);
                        return null;
                    });
        }
        CompletableFuture.allOf(answers).join();
        long end = System.nanoTime();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (String o : outcome) {
            outcomes.merge(o, 1, Integer::sum);
        }
        return new Result(latency, outcomes, outcomes.getOrDefault("202", 0), Duration.ofNanos(end - start));
    }

    private HttpRequest request(String name) {
        return HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-Actor", "benchmark")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"engine\":\"woocommerce\"}"))
                .build();
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException) {
            return "timeout";
        }
        return cause instanceof IOException ? "io-error" : cause.getClass().getSimpleName();
    }
}
