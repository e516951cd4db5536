package io.storeorchestrator.benchmark;

import io.storeorchestrator.api.e2e.ServiceProcess;
import io.storeorchestrator.clustersim.ClusterSimConfig;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Many stores waiting for their pods at once on one worker: what parking them costs the worker in memory and
 * database sessions, and the API server in calls. A wait that holds a worker slot (and its store lock's session)
 * parks no more stores than WORKER_CONCURRENCY; the rest stay QUEUED until the timeout, and the report says so.
 */
final class WaitingScenario implements Scenario {

    @Override
    public String name() {
        return "waiting";
    }

    @Override
    public String summary() {
        return "many stores parked waiting for readiness on one worker: its memory, sessions, API calls";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.integer("stores", 1000, "stores created at once"),
                Param.integer("concurrency", 8, "WORKER_CONCURRENCY of the one worker"),
                Param.duration("latency", "20ms", "cluster-sim latency per API call"),
                Param.duration("ready-delay", "30m", "cluster-sim: how long pods take to become ready (longer than"
                        + " the run)"),
                Param.duration("timeout", "15m", "how long to wait for every store to be parked"),
                Param.duration("observe", "10s", "how long to watch the parked stores for the steady cost"));
    }

    @Override
    public Report run(Options options) {
        int stores = options.integer("stores");
        int concurrency = options.integer("concurrency");
        Duration latency = options.duration("latency");
        Duration readyDelay = options.duration("ready-delay");
        Duration observe = options.duration("observe");
        ClusterSimConfig cluster = ClusterSimConfig.forTests().withReadyDelay(readyDelay).withApiLatency(latency);

        Table table = Table.ofFigures(List.of("1 worker"));
        try (BenchPlatform platform = BenchPlatform.start(cluster, stores + 10)) {
            ServiceProcess worker = platform.startWorker(concurrency);
            Optional<ApiCalls> callsAtStart = Optional.of(ApiCalls.of(platform.cluster()));
            long started = System.nanoTime();

            Fleet fleet = Fleet.create(platform.api(), name(), "waiting", stores);
            int parked = fleet.awaitAllParked(options.duration("timeout"));
            Duration toPark = Duration.ofNanos(System.nanoTime() - started);
            Optional<ApiCalls> callsToPark = Optional.of(ApiCalls.of(platform.cluster()))
                    .map(now -> now.since(callsAtStart.orElseThrow()));

            // The steady cost of stores that are only waiting: nothing else happens in this window.
            CpuSample cpuBefore = CpuSample.of(List.of(worker));
            Optional<ApiCalls> callsBefore = Optional.of(ApiCalls.of(platform.cluster()));
            pause(observe);
            double workerCpuMillis = CpuSample.of(List.of(worker)).millisSince(cpuBefore);
            Optional<ApiCalls> callsWhileParked = Optional.of(ApiCalls.of(platform.cluster()))
                    .map(now -> now.since(callsBefore.orElseThrow()));

            WorkerDatabaseUse sessions = WorkerDatabaseUse.of(platform.database(), worker.name());
            table.row("stores waiting for readiness", parked + " of " + stores);
            table.row("first create → last parked", parked == stores ? Fmt.seconds(toPark) : Fmt.NA);
            table.row("worker RSS", Fmt.mebibytes(ProcFs.rssKibibytes(worker.pid())));
            table.row("worker PostgreSQL sessions", sessions.connections() + " (" + sessions.byState().entrySet()
                    .stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ")");
            table.row("store leases held (store_leases rows not expired)", Integer.toString(sessions.leasesHeld()));
            Rows.callsPerStore(table, "Kubernetes API calls per store until parked", List.of(callsToPark), stores);
            double seconds = observe.toMillis() / 1000.0;
            table.row("while parked: Kubernetes API calls/s", callsWhileParked
                    .map(calls -> Fmt.number(calls.total() / seconds, 1)).orElse(Fmt.NA));
            table.row("while parked: worker CPU per second", Fmt.millis(workerCpuMillis / seconds));
        }
        return new Report(options)
                .condition(BenchPlatform.describeCluster(latency, readyDelay))
                .condition("a fresh platform: api-service and one worker as processes ("
                        + String.join(" ", BenchPlatform.JVM_OPTIONS) + "), WORKER_CONCURRENCY=" + concurrency
                        + ", the chart's other worker defaults (DATABASE_MAX_POOL_SIZE=4)")
                .table(table)
                .note("A store is parked when its timeline has a WAITING entry for wait-ready. Sessions are the"
                        + " worker's rows in pg_stat_activity (ApplicationName=" + BenchPlatform.workerName(1)
                        + " in its JDBC URL); \"while parked\" figures are over the last " + Durations.format(observe)
                        + ".");
    }

    /** A measuring window: the figures are what happens during it, so there is nothing to wait for instead. */
    private static void pause(Duration window) {
        try {
            Thread.sleep(window);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while observing the parked stores", e);
        }
    }
}
