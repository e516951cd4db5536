package io.storeorchestrator.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.common.metrics.FailureReasons;
import io.storeorchestrator.common.metrics.PlatformMeters;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static io.storeorchestrator.common.metrics.PlatformMetric.DEAD_LETTERED;
import static io.storeorchestrator.common.metrics.PlatformMetric.EVENTS_APPLIED;
import static io.storeorchestrator.common.metrics.PlatformMetric.EVENT_LAG;
import static io.storeorchestrator.common.metrics.PlatformMetric.STORE_FAILURES;
import static io.storeorchestrator.common.metrics.PlatformMetric.STORE_REQUESTS;
import static io.storeorchestrator.common.metrics.PlatformMetric.TIME_TO_READY;

/**
 * The API's counters and histograms (common's {@code PlatformMetric} has the names and meanings): store requests by
 * action and outcome, events applied and their lag, time to ready, failures by reason, dead-lettered events. The
 * gauges read from the database and the broker are {@link StoreMetrics} and {@link QueueDepths}.
 */
@Singleton
public class ApiMetrics {

    /** What a store request asks for: the {@code action} label. */
    public enum Action {
        CREATE, DELETE, RETRY, UPDATE, ROLLBACK;

        final String label = name().toLowerCase(Locale.ROOT);
    }

    static final String DEAD_EVENTS = Topology.standard().deadEventsQueue();

    private final MeterRegistry registry;
    private final Map<Action, Counter> accepted = new EnumMap<>(Action.class);
    private final Map<Action, Counter> rejected = new EnumMap<>(Action.class);
    private final Map<StoreEventType, Counter> applied = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Timer lag;
    private final Timer timeToReady;
    private final Counter deadLettered;

    public ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Action action : Action.values()) {
            accepted.put(action, PlatformMeters.counter(registry, STORE_REQUESTS, "action", action.label,
                    "outcome", "accepted"));
            rejected.put(action, PlatformMeters.counter(registry, STORE_REQUESTS, "action", action.label,
                    "outcome", "rejected"));
        }
        for (StoreEventType type : StoreEventType.values()) {
            // ACCEPTED is the API's own entry, written with the intent; it never arrives as an event.
            if (type != StoreEventType.ACCEPTED) {
                appliedCounter(type);
            }
        }
        FailureReasons.KNOWN.forEach(this::failureCounter);
        lag = PlatformMeters.histogram(registry, EVENT_LAG, PlatformMeters.EVENT_LAG_BUCKETS);
        timeToReady = PlatformMeters.histogram(registry, TIME_TO_READY, PlatformMeters.TIME_TO_READY_BUCKETS);
        deadLettered = PlatformMeters.counter(registry, DEAD_LETTERED, "queue", DEAD_EVENTS);
    }

    /** Runs a store request and counts it: accepted when it returns, rejected when it throws (any 4xx or 5xx). */
    public <T> T request(Action action, Supplier<T> request) {
        try {
            T result = request.get();
            accepted.get(action).increment();
            return result;
        } catch (RuntimeException e) {
            rejected.get(action).increment();
            throw e;
        }
    }

    /** An event committed to a store's timeline, {@code lag} after it happened. */
    public void applied(StoreEventType type, Duration lag) {
        appliedCounter(type).increment();
        this.lag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    /** A store became FAILED for {@code reason}. */
    public void failed(String reason) {
        failureCounter(FailureReasons.label(reason)).increment();
    }

    /** A store became READY, {@code sinceAccepted} after its generation was accepted. */
    public void ready(Duration sinceAccepted) {
        timeToReady.record(sinceAccepted.isNegative() ? Duration.ZERO : sinceAccepted);
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    private Counter appliedCounter(StoreEventType type) {
        return applied.computeIfAbsent(type, t -> PlatformMeters.counter(registry, EVENTS_APPLIED, "type", t.name()));
    }

    private Counter failureCounter(String reason) {
        Counter counter = failures.get(reason);
        if (counter != null) {
            return counter;
        }
        String label = failures.size() >= FailureReasons.MAX_DISTINCT ? FailureReasons.OTHER : reason;
        return failures.computeIfAbsent(label, r -> PlatformMeters.counter(registry, STORE_FAILURES, "reason", r));
    }
}
