package io.storeorchestrator.clustersim.traffic;

import java.util.Map;

/**
 * How many API requests clients have made since the counters were last reset: by verb, and by resource and verb.
 * Resources are named as in Kubernetes messages ({@code pods}, {@code deployments.apps}), with {@code /status} for
 * the status subresource. Requests from the simulator itself (kubelet, controllers) are not counted, nor are
 * discovery, health checks and {@code /sim/*}.
 *
 * @param faults requests failed on purpose by the write fault rate (they are counted under their verb too)
 */
public record RequestStats(Map<Verb, Long> byVerb, Map<String, Map<Verb, Long>> byResource, long faults) {

    public RequestStats {
        byVerb = Map.copyOf(byVerb);
        byResource = Map.copyOf(byResource);
    }

    public long total() {
        return byVerb.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(Verb verb) {
        return byVerb.getOrDefault(verb, 0L);
    }

    public long count(Verb verb, String resource) {
        return byResource.getOrDefault(resource, Map.of()).getOrDefault(verb, 0L);
    }
}
