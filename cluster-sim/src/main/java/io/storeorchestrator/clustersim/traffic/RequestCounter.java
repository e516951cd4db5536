package io.storeorchestrator.clustersim.traffic;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts client requests as they arrive; requests come in on several event loops at once. */
public final class RequestCounter {

    private record Key(Verb verb, String resource) {
    }

    private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder faults = new LongAdder();

    public void record(Verb verb, String resource) {
        requests.computeIfAbsent(new Key(verb, resource), k -> new LongAdder()).increment();
    }

    public void recordFault() {
        faults.increment();
    }

    public RequestStats snapshot() {
        Map<Verb, Long> byVerb = new EnumMap<>(Verb.class);
        Map<String, Map<Verb, Long>> byResource = new HashMap<>();
        requests.forEach((key, count) -> {
            long value = count.sum();
            if (value > 0) {
                byVerb.merge(key.verb(), value, Long::sum);
                byResource.computeIfAbsent(key.resource(), r -> new EnumMap<>(Verb.class)).put(key.verb(), value);
            }
        });
        byResource.replaceAll((resource, counts) -> Map.copyOf(counts));
        return new RequestStats(byVerb, byResource, faults.sum());
    }

    /** Starts counting from zero (a request counted concurrently may land on either side of the reset). */
    public void reset() {
        requests.values().forEach(LongAdder::reset);
        faults.reset();
    }
}
