package io.storeorchestrator.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.api.e2e.ApiClient;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreEventType;
import org.awaitility.core.ConditionTimeoutException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * The stores one run creates, followed through the REST API only. Waiting reads the cheap summary
 * ({@code GET /api/v1/metrics}), so watching a run costs the API little next to what is measured.
 */
final class Fleet {

    /** A store's provisioning times as the API reports them ({@code createdAt}, {@code readyAt}). */
    record StoreTiming(String id, Instant createdAt, Instant readyAt) {

        Duration timeToReady() {
            return Duration.between(createdAt, readyAt);
        }
    }

    private static final String WAITING_FOR_READINESS = StoreEventType.WAITING + " " + StepName.WAIT_READY.id() + ":";

    private final ApiClient api;
    private final String label;
    private final List<String> ids;
    private final java.util.Set<String> members;
    private final long readyBefore;

    private Fleet(ApiClient api, String label, List<String> ids, long readyBefore) {
        this.api = api;
        this.label = label;
        this.ids = ids;
        this.members = java.util.Set.copyOf(ids);
        this.readyBefore = readyBefore;
    }

    /** Creates {@code count} woocommerce stores named {@code <prefix>-<n>}, one request after the other. */
    static Fleet create(ApiClient api, String label, String prefix, int count) {
        // Stores of an earlier fleet (a warm-up) are READY already: count this fleet's on top of them.
        long readyBefore = api.send("GET", "/api/v1/metrics", null).body().path("storesByStatus").path("READY").asLong();
        List<String> ids = new ArrayList<>(count);
        Progress progress = new Progress(label);
        for (int i = 1; i <= count; i++) {
            ApiClient.Reply reply = api.createStore(prefix + "-" + i, "woocommerce");
            if (reply.status() != 202) {
                throw new IllegalStateException("creating store " + i + " answered " + reply.status() + ": "
                        + reply.raw().body());
            }
            ids.add(reply.body().path("id").asText());
            progress.show("created " + i + "/" + count);
        }
        return new Fleet(api, label, List.copyOf(ids), readyBefore);
    }

    int size() {
        return ids.size();
    }

    /** Waits until every store is READY; a FAILED store ends the run, since its figures would mean nothing. */
    void awaitAllReady(Duration timeout) {
        Progress progress = new Progress(label);
        await(label + ": " + size() + " stores READY").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    long ready = countsByStatus().path("READY").asLong() - readyBefore;
                    progress.show("READY " + ready + "/" + size());
                    return ready >= size();
                });
    }

    /**
     * Waits until every store is parked waiting for its workloads (its timeline has a WAITING entry for
     * {@code wait-ready}), or the timeout passes.
     *
     * @return how many stores were parked, all of them unless the timeout passed
     */
    int awaitAllParked(Duration timeout) {
        Progress progress = new Progress(label);
        AtomicInteger parked = new AtomicInteger();
        try {
            await(label + ": " + size() + " stores waiting for readiness").atMost(timeout)
                    .pollInterval(Duration.ofSeconds(1)).until(() -> {
                        countsByStatus(); // for its check that no store has FAILED
                        // Stores park roughly in the order they were created: checking in that order and stopping
                        // at the first one still on its way reads each timeline about once, not once per poll.
                        while (parked.get() < size() && isParked(ids.get(parked.get()))) {
                            parked.incrementAndGet();
                        }
                        progress.show("waiting for readiness " + parked.get() + "/" + size());
                        return parked.get() == size();
                    });
        } catch (ConditionTimeoutException e) {
            progress.always("gave up after " + Durations.format(timeout) + " with " + parked.get() + "/" + size()
                    + " stores waiting for readiness");
        }
        return parked.get();
    }

    private boolean isParked(String id) {
        return api.timeline(id).stream().anyMatch(line -> line.startsWith(WAITING_FOR_READINESS));
    }

    /** The counts by status; throws as soon as any store has FAILED, with the API's most recent reasons. */
    private JsonNode countsByStatus() {
        JsonNode summary = api.send("GET", "/api/v1/metrics", null).body();
        JsonNode counts = summary.path("storesByStatus");
        if (counts.path("FAILED").asLong() > 0) {
            throw new IllegalStateException(counts.path("FAILED").asLong() + " store(s) FAILED, e.g. "
                    + summary.path("recentFailures").path(0).path("reason").asText());
        }
        return counts;
    }

    /** Creation and READY times of every READY store, read page by page. */
    List<StoreTiming> readyTimings() {
        List<StoreTiming> timings = new ArrayList<>(size());
        String cursor = null;
        do {
            String path = "/api/v1/stores?status=READY&limit=100"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = api.send("GET", path, null).body();
            for (JsonNode store : page.path("items")) {
                if (!members.contains(store.path("id").asText())) {
                    continue; // a store of an earlier fleet
                }
                timings.add(new StoreTiming(store.path("id").asText(), Instant.parse(store.path("createdAt").asText()),
                        Instant.parse(store.path("readyAt").asText())));
            }
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        return timings;
    }
}
