package io.storeorchestrator.benchmark;

import io.storeorchestrator.api.e2e.ApiClient;
import io.storeorchestrator.api.e2e.PlatformStack;
import io.storeorchestrator.api.e2e.ServiceProcess;
import io.storeorchestrator.clustersim.ClusterSim;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.testsupport.TestDatabase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole platform for one measured run, through the end-to-end harness: its own database and broker topology, an
 * embedded cluster-sim, the API and workers as processes. The services run as the container image and the Helm
 * chart's defaults run them, not as the tests do, because the figures are about production settings.
 */
final class BenchPlatform implements AutoCloseable {

    /**
     * Full tiered JIT and a heap of 75% of the chart's 768 MiB limit, as the image's -XX:MaxRAMPercentage=75 gives;
     * then whatever {@code BENCH_JVM_OPTIONS} adds (a profiler, say: {@code -XX:StartFlightRecording:filename=%p.jfr}).
     */
    static final List<String> JVM_OPTIONS = Stream.concat(Stream.of("-Xmx576m"),
            Stream.of(System.getenv().getOrDefault("BENCH_JVM_OPTIONS", "").trim().split("\\s+"))
                    .filter(option -> !option.isEmpty()))
            .toList();
    /** Deadlines far beyond any run: a benchmark store is never failed by its deadline. */
    private static final Duration PROVISIONING_TIMEOUT = Duration.ofHours(6);

    private final PlatformStack stack;
    private final List<ServiceProcess> workers = new ArrayList<>();
    // The services are separate processes: an interrupted benchmark (Ctrl-C) must not leave them running.
    private final Thread stopOnExit = Thread.ofPlatform().unstarted(this::stop);
    private ApiClient api;
    private boolean stopped;

    private BenchPlatform(PlatformStack stack) {
        this.stack = stack;
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts the simulated cluster and the API; workers are started separately, so a run can have none. */
    static BenchPlatform start(ClusterSimConfig cluster, int maxLiveStores) {
        BenchPlatform platform = new BenchPlatform(new PlatformStack(cluster, JVM_OPTIONS));
        try {
            platform.api = platform.stack.startApi(Map.of(
                    "DATABASE_MAX_POOL_SIZE", "10",
                    "API_MAX_LIVE_STORES", Integer.toString(maxLiveStores),
                    "PROVISIONING_TIMEOUT", Durations.format(PROVISIONING_TIMEOUT)));
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /**
     * Starts worker {@code worker-<n>} with the chart's defaults but its concurrency, and a JDBC URL that names it,
     * so its connections can be told apart in pg_stat_activity.
     */
    ServiceProcess startWorker(int concurrency) {
        String name = workerName(workers.size() + 1);
        ServiceProcess worker = stack.startWorker(name, Map.of(
                "WORKER_CONCURRENCY", Integer.toString(concurrency),
                // The chart's; the e2e harness sets 1 s to keep tests short.
                "WORKER_RECHECK_INTERVAL", "30s",
                "WORKER_BUSY_RETRY_DELAY", "2s",
                "WORKER_LEASE_DURATION", "30s",
                "DATABASE_MAX_POOL_SIZE", "4",
                "DATABASE_URL", stack.database().jdbcUrl() + "?ApplicationName=" + name));
        workers.add(worker);
        return worker;
    }

    /** Starts the reaper with the chart's defaults and {@code settings}. */
    ServiceProcess startReaper(Map<String, String> settings) {
        return stack.startReaper("reaper", settings);
    }

    /** The report line that says what the simulated cluster was set to. */
    static String describeCluster(Duration latency, Duration readyDelay) {
        return "cluster-sim: API latency " + Durations.format(latency) + " on every request, pods ready "
                + Durations.format(readyDelay) + " after creation; Kubernetes API calls counted by cluster-sim";
    }

    static String workerName(int number) {
        return "worker-" + number;
    }

    ApiClient api() {
        return api;
    }

    ServiceProcess apiProcess() {
        return stack.api();
    }

    List<ServiceProcess> workers() {
        return List.copyOf(workers);
    }

    /** The API and every worker: the processes whose CPU time is the platform's. */
    List<ServiceProcess> services() {
        return Stream.concat(Stream.of(stack.api()), workers.stream()).toList();
    }

    ClusterSim cluster() {
        return stack.cluster();
    }

    TestDatabase database() {
        return stack.database();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook is stopping everything
        }
        stop();
    }

    private synchronized void stop() {
        if (!stopped) {
            stopped = true;
            stack.close();
        }
    }
}
