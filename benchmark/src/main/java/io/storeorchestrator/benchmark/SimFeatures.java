package io.storeorchestrator.benchmark;

import io.storeorchestrator.clustersim.ClusterSim;
import io.storeorchestrator.clustersim.ClusterSimConfig;

import java.time.Duration;
import java.util.Optional;

/**
 * The cluster-sim features the benchmark needs that are being built on another branch: an API latency
 * ({@code ClusterSimConfig.withApiLatency}) and request counters per verb ({@code ClusterSim.requestStats()}). Until
 * they land the simulator answers at once and nobody counts its calls, and the reports say so ("n/a"); when they
 * land, the two flags become true and each method below becomes the line in its comment.
 */
final class SimFeatures {

    /** Whether {@link #withApiLatency} really delays the simulator's answers. */
    static final boolean API_LATENCY = false;
    /** Whether {@link #calls} can answer. */
    static final boolean REQUEST_COUNTERS = false;

    private SimFeatures() {
    }

    static ClusterSimConfig withApiLatency(ClusterSimConfig config, Duration latency) {
        return config; // with sim-v2: return config.withApiLatency(latency);
    }

    /** The calls the simulator has answered since it started, if it counts them. */
    static Optional<ApiCalls> calls(ClusterSim sim) {
        return Optional.empty(); // with sim-v2: return Optional.of(new ApiCalls(<sim.requestStats() as verb → count>));
    }

    /** The latency a run really had, for its report. */
    static Duration effectiveLatency(Duration requested) {
        return API_LATENCY ? requested : Duration.ZERO;
    }

    /** The report line that says what the simulator was asked for and what it did. */
    static String describe(Duration requestedLatency, Duration readyDelay) {
        String latency = API_LATENCY ? "API latency " + Durations.format(requestedLatency)
                : "API latency 0ms (asked for " + Durations.format(requestedLatency)
                + ": this cluster-sim has no withApiLatency yet)";
        String counters = REQUEST_COUNTERS ? "" : "; Kubernetes API calls n/a (this cluster-sim counts no requests yet)";
        return "cluster-sim: " + latency + ", pods ready " + Durations.format(readyDelay) + " after creation" + counters;
    }
}
