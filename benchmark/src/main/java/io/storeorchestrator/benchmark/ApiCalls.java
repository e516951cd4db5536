package io.storeorchestrator.benchmark;

import io.storeorchestrator.clustersim.ClusterSim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Requests the simulated Kubernetes API server answered, by verb. */
record ApiCalls(Map<String, Long> byVerb) {

    /** The verbs cluster-sim counts, in the order the tables show them. */
    static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "apply", "delete");

    ApiCalls {
        byVerb = Map.copyOf(byVerb);
    }

    /** What cluster-sim has answered so far (client requests only; its own kubelet and controllers do not count). */
    static ApiCalls of(ClusterSim sim) {
        Map<String, Long> counts = new LinkedHashMap<>();
        sim.requestStats().byVerb().forEach((verb, count) ->
                counts.merge(verb.name().toLowerCase(Locale.ROOT), count, Long::sum));
        return new ApiCalls(counts);
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
