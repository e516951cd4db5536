package io.storeorchestrator.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests the simulated Kubernetes API server answered, by verb. */
record ApiCalls(Map<String, Long> byVerb) {

    /** The verbs cluster-sim counts, in the order the tables show them. */
    static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "apply", "delete");

    ApiCalls {
        byVerb = Map.copyOf(byVerb);
    }

    long count(String verb) {
        return byVerb.getOrDefault(verb, 0L);
    }

    long total() {
        return byVerb.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What was answered after {@code earlier}: counters only grow, so a difference needs no reset. */
    ApiCalls since(ApiCalls earlier) {
        Map<String, Long> difference = new LinkedHashMap<>();
        byVerb.forEach((verb, count) -> difference.put(verb, count - earlier.count(verb)));
        return new ApiCalls(difference);
    }
}
