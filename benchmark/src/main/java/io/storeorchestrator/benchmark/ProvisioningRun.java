package io.storeorchestrator.benchmark;

import io.storeorchestrator.clustersim.ClusterSimConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A fresh platform provisioning a batch of stores from a standing start: every store is created at once through the
 * API, and the run ends when the last is READY.
 *
 * @param workers     worker processes
 * @param concurrency WORKER_CONCURRENCY of each
 * @param stores      how many stores
 * @param apiLatency  what cluster-sim adds to each API call
 * @param readyDelay  how long cluster-sim's pods take to become ready
 * @param timeout     how long to wait for the last READY
 * @param warmup      stores per worker provisioned (and READY) before the measured batch, so JIT compilation and
 *                    first-use costs are not counted; 0 measures from a standing start
 */
record ProvisioningRun(int workers, int concurrency, int stores, Duration apiLatency, Duration readyDelay,
                       Duration timeout, int warmup) {

    /**
     * What one run measured.
     *
     * @param elapsed      first store created → last store READY, both as the API recorded them
     * @param timeToReady  per store READY − created, in milliseconds
     * @param cpuMillis    CPU time of the API and the workers during the run
     * @param apiCpuMillis the API's share of it
     * @param jitCpuMillis of {@code cpuMillis}, the JIT compiler threads' share (the JVMs still warming up)
     * @param gcCpuMillis  of {@code cpuMillis}, the garbage collectors' share
     * @param workerRss    each worker's resident memory at the end, KiB
     * @param calls        Kubernetes API calls during the run, when cluster-sim counts them
     */
    record Figures(ProvisioningRun run, Duration elapsed, Percentiles timeToReady, double cpuMillis,
                   double apiCpuMillis, double jitCpuMillis, double gcCpuMillis, List<Long> workerRss,
                   Optional<ApiCalls> calls) {

        double storesPerSecond() {
            return run.stores() * 1000.0 / elapsed.toMillis();
        }

        double cpuMillisPerStore() {
            return cpuMillis / run.stores();
        }

        Optional<Double> callsPerStore() {
            return calls.map(c -> (double) c.total() / run.stores());
        }
    }

    Figures run(String label) {
        ClusterSimConfig cluster = ClusterSimConfig.forTests().withReadyDelay(readyDelay).withApiLatency(apiLatency);
        try (BenchPlatform platform = BenchPlatform.start(cluster, stores + warmup * workers + 10)) {
            for (int i = 0; i < workers; i++) {
                platform.startWorker(concurrency);
            }
            if (warmup > 0) {
                // Per worker: each JVM compiles its own code, so W workers need W times the stores to be as warm.
                Fleet.create(platform.api(), label + ", warm-up", "warm", warmup * workers).awaitAllReady(timeout);
            }
            Optional<ApiCalls> callsBefore = Optional.of(ApiCalls.of(platform.cluster()));
            CpuSample cpuBefore = CpuSample.of(platform.services());

            Fleet fleet = Fleet.create(platform.api(), label, "store", stores);
            fleet.awaitAllReady(timeout);

            CpuSample cpuAfter = CpuSample.of(platform.services());
            Optional<ApiCalls> calls = Optional.of(ApiCalls.of(platform.cluster()))
                    .map(after -> after.since(callsBefore.orElseThrow()));
            List<Long> rss = platform.workers().stream().map(worker -> ProcFs.rssKibibytes(worker.pid())).toList();
            List<Fleet.StoreTiming> timings = fleet.readyTimings();
            Instant first = timings.stream().map(Fleet.StoreTiming::createdAt).min(Comparator.naturalOrder()).orElseThrow();
            Instant last = timings.stream().map(Fleet.StoreTiming::readyAt).max(Comparator.naturalOrder()).orElseThrow();
            long[] timeToReady = timings.stream().mapToLong(t -> t.timeToReady().toMillis()).toArray();
            return new Figures(this, Duration.between(first, last), Percentiles.of(timeToReady),
                    cpuAfter.millisSince(cpuBefore), cpuAfter.millisSince(cpuBefore, platform.apiProcess().pid()),
                    cpuAfter.jitMillisSince(cpuBefore), cpuAfter.gcMillisSince(cpuBefore), rss, calls);
        }
    }
}
