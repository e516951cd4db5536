package io.storeorchestrator.benchmark;

import java.time.Duration;
import java.util.List;

/**
 * Stores whose pods take long to become ready, on one worker: how long the batch takes, and what waiting for
 * readiness costs in API calls and CPU. Here the readiness wait dominates, not the API's latency.
 */
final class ReadyDelayScenario implements Scenario {

    @Override
    public String name() {
        return "ready-delay";
    }

    @Override
    public String summary() {
        return "a batch of stores whose pods take long to become ready, on one worker";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.integer("stores", 24, "stores created at once"),
                Param.integer("concurrency", 4, "WORKER_CONCURRENCY of the one worker"),
                Param.duration("latency", "20ms", "cluster-sim latency per API call"),
                Param.duration("ready-delay", "20s", "cluster-sim: how long pods take to become ready"),
                Param.count("warmup", 0,
                        "stores per worker provisioned before the measured batch (JIT warm-up); 0 = cold start"),
                Param.duration("timeout", "30m", "how long to wait for the last READY"));
    }

    @Override
    public Report run(Options options) {
        Duration latency = options.duration("latency");
        Duration readyDelay = options.duration("ready-delay");
        int concurrency = options.integer("concurrency");
        ProvisioningRun run = new ProvisioningRun(1, concurrency, options.integer("stores"), latency, readyDelay,
                options.duration("timeout"), options.integer("warmup"));
        List<ProvisioningRun.Figures> runs = List.of(run.run(name()));

        Table table = Table.ofFigures(List.of("1 worker"));
        table.row("first created → last READY", Rows.cells(runs, figures -> Fmt.seconds(figures.elapsed())));
        table.row("stores/s", Rows.cells(runs, figures -> Fmt.number(figures.storesPerSecond(), 2)));
        Rows.callsPerStore(table, runs);
        Rows.timesAndCosts(table, runs);

        return new Report(options)
                .condition(BenchPlatform.describeCluster(latency, readyDelay))
                .condition("a fresh platform: api-service and one worker as processes ("
                        + String.join(" ", BenchPlatform.JVM_OPTIONS) + "), WORKER_CONCURRENCY=" + concurrency
                        + ", the chart's other worker defaults")
                .table(table)
                .note("A store that holds a worker slot while its pods start makes the batch take about"
                        + " stores / concurrency × ready-delay; one that does not, about one ready-delay.")
                .note("CPU is utime + stime of the api and worker processes from /proc/<pid>/stat, over the run,"
                        + " divided by the stores.");
    }
}
