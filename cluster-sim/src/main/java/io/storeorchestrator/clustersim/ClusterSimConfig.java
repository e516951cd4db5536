package io.storeorchestrator.clustersim;

import io.storeorchestrator.clustersim.traffic.ApiKnobs;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * How a {@link ClusterSim} runs.
 *
 * @param host                       address to bind (and to put in the kubeconfig)
 * @param port                       port to bind, 0 for any free port
 * @param readyDelay                 how long a new pod takes to run (and become ready or fail)
 * @param namespaceTerminationDelay  how long a deleted namespace stays Terminating before it and its contents go
 * @param defaultRules               whether the default failure rules ({@code crash-*}, …) are in force
 * @param watchIdleWait              how long a long-polling (plain HTTP) watch with nothing to report waits before
 *                                   it ends
 * @param watchHistorySize           how many recent changes a watch can resume from
 * @param watchBookmarkInterval      how often a WebSocket watch that allows bookmarks gets one
 * @param apiLatency                 added to every API request, at start (see {@link ClusterSim#knobs()})
 * @param writeFaultRate             the share of writes that fail with 500, at start (see {@link ClusterSim#knobs()})
 * @param faultSeed                  seeds the choice of failing writes, so it repeats; empty for a random seed
 */
public record ClusterSimConfig(String host, int port, Duration readyDelay, Duration namespaceTerminationDelay,
                               boolean defaultRules, Duration watchIdleWait, int watchHistorySize,
                               Duration watchBookmarkInterval, Duration apiLatency, double writeFaultRate,
                               OptionalLong faultSeed) {

    public ClusterSimConfig {
        ApiKnobs.requireLatency(apiLatency);
        ApiKnobs.requireRate(writeFaultRate);
    }

    /**
     * Standalone settings: port 6443, pods ready after 3 s, namespaces gone 2 s after deletion, a bookmark a minute
     * (as a real API server), no added latency or faults.
     */
    public static ClusterSimConfig defaults() {
        return new ClusterSimConfig("127.0.0.1", 6443, Duration.ofSeconds(3), Duration.ofSeconds(2), true,
                Duration.ofSeconds(1), 10_000, Duration.ofMinutes(1), Duration.ZERO, 0, OptionalLong.empty());
    }

    /** Test settings: any free port, pods ready after 300 ms, namespaces gone 200 ms after deletion. */
    public static ClusterSimConfig forTests() {
        return defaults().withPort(0).withReadyDelay(Duration.ofMillis(300))
                .withNamespaceTerminationDelay(Duration.ofMillis(200));
    }

    public ClusterSimConfig withHost(String host) {
        return new ClusterSimConfig(host, port, readyDelay, namespaceTerminationDelay, defaultRules, watchIdleWait,
                watchHistorySize, watchBookmarkInterval, apiLatency, writeFaultRate, faultSeed);
    }

    public ClusterSimConfig withPort(int port) {
        return new ClusterSimConfig(host, port, readyDelay, namespaceTerminationDelay, defaultRules, watchIdleWait,
                watchHistorySize, watchBookmarkInterval, apiLatency, writeFaultRate, faultSeed);
    }

    public ClusterSimConfig withReadyDelay(Duration readyDelay) {
        return new ClusterSimConfig(host, port, readyDelay, namespaceTerminationDelay, defaultRules, watchIdleWait,
                watchHistorySize, watchBookmarkInterval, apiLatency, writeFaultRate, faultSeed);
    }

    public ClusterSimConfig withNamespaceTerminationDelay(Duration namespaceTerminationDelay) {
        return new ClusterSimConfig(host, port, readyDelay, namespaceTerminationDelay, defaultRules, watchIdleWait,
                watchHistorySize, watchBookmarkInterval, apiLatency, writeFaultRate, faultSeed);
    }

    public ClusterSimConfig withDefaultRules(boolean defaultRules) {
        return new ClusterSimConfig(host, port, readyDelay, namespaceTerminationDelay, defaultRules, watchIdleWait,
                watchHistorySize, watchBookmarkInterval, apiLatency, writeFaultRate, faultSeed);
    }

    public ClusterSimConfig withWatchIdleWait(Duration watchIdleWait) {
        return new ClusterSimConfig(host, port, readyDelay, namespaceTerminationDelay, defaultRules, watchIdleWait,
                watchHistorySize, watchBookmarkInterval, apiLatency, writeFaultRate, faultSeed);
    }

    public ClusterSimConfig withWatchHistorySize(int watchHistorySize) {
        return new ClusterSimConfig(host, port, readyDelay, namespaceTerminationDelay, defaultRules, watchIdleWait,
                watchHistorySize, watchBookmarkInterval, apiLatency, writeFaultRate, faultSeed);
    }

    public ClusterSimConfig withWatchBookmarkInterval(Duration watchBookmarkInterval) {
        return new ClusterSimConfig(host, port, readyDelay, namespaceTerminationDelay, defaultRules, watchIdleWait,
                watchHistorySize, watchBookmarkInterval, apiLatency, writeFaultRate, faultSeed);
    }

    public ClusterSimConfig withApiLatency(Duration apiLatency) {
        return new ClusterSimConfig(host, port, readyDelay, namespaceTerminationDelay, defaultRules, watchIdleWait,
                watchHistorySize, watchBookmarkInterval, apiLatency, writeFaultRate, faultSeed);
    }

    public ClusterSimConfig withWriteFaultRate(double writeFaultRate) {
        return new ClusterSimConfig(host, port, readyDelay, namespaceTerminationDelay, defaultRules, watchIdleWait,
                watchHistorySize, watchBookmarkInterval, apiLatency, writeFaultRate, faultSeed);
    }

    public ClusterSimConfig withFaultSeed(long seed) {
        return new ClusterSimConfig(host, port, readyDelay, namespaceTerminationDelay, defaultRules, watchIdleWait,
                watchHistorySize, watchBookmarkInterval, apiLatency, writeFaultRate, OptionalLong.of(seed));
    }
}
