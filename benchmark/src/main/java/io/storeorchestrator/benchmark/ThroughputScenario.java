package io.storeorchestrator.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How fast a batch of stores gets provisioned when the Kubernetes API answers slowly, with one worker and with two,
 * against what Little's law allows: with C commands in flight per worker, each making k API calls of latency L, a
 * worker cannot finish more than C / (k × L) stores a second.
 */
final class ThroughputScenario implements Scenario {

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public String summary() {
        return "stores/s with 1 and 2 workers against a slow API server, and what each store costs";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.integer("stores", 96, "stores created at once"),
                Param.integers("workers", "1,2", "worker counts to compare, one fresh platform each"),
                Param.integer("concurrency", 8, "WORKER_CONCURRENCY of every worker"),
                Param.duration("latency", "200ms", "cluster-sim latency per API call"),
                Param.duration("ready-delay", "300ms", "cluster-sim: how long pods take to become ready"),
                Param.count("warmup", 200, "stores per worker provisioned before the measured batch, so the JIT has"
                        + " compiled the hot paths (about 200 to bring its share under a third); 0 = cold start"),
                Param.duration("timeout", "30m", "how long to wait for the last READY of one run"));
    }

    @Override
    public Report run(Options options) {
        Duration latency = options.duration("latency");
        Duration readyDelay = options.duration("ready-delay");
        int concurrency = options.integer("concurrency");
        List<ProvisioningRun.Figures> runs = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (int workers : options.integers("workers")) {
            String column = workers + (workers == 1 ? " worker" : " workers");
            ProvisioningRun run = new ProvisioningRun(workers, concurrency, options.integer("stores"), latency,
                    readyDelay, options.duration("timeout"), options.integer("warmup"));
            runs.add(run.run(name() + ", " + column));
            columns.add(column);
        }

        Duration effectiveLatency = latency;
        Table table = Table.ofFigures(columns);
        table.row("stores/s (first created → last READY)", Rows.cells(runs,
                figures -> Fmt.number(figures.storesPerSecond(), 2)));
        table.row("first created → last READY", Rows.cells(runs, figures -> Fmt.seconds(figures.elapsed())));
        table.row("Little's-law limit W × C / (calls per store × L), stores/s", Rows.cells(runs,
                figures -> Rows.orNa(limit(figures, effectiveLatency), 2)));
        table.row("stores/s ÷ limit", Rows.cells(runs, figures -> Rows.orNa(
                limit(figures, effectiveLatency).map(limit -> figures.storesPerSecond() / limit), 2)));
        Rows.callsPerStore(table, runs);
        Rows.timesAndCosts(table, runs);
        double base = runs.getFirst().storesPerSecond();
        table.row("stores/s relative to " + columns.getFirst(), Rows.cells(runs,
                figures -> Fmt.number(figures.storesPerSecond() / base, 2)));

        return new Report(options)
                .condition(BenchPlatform.describeCluster(latency, readyDelay))
                .condition("each column a fresh platform: api-service and the workers as processes ("
                        + String.join(" ", BenchPlatform.JVM_OPTIONS) + "), WORKER_CONCURRENCY=" + concurrency
                        + ", the chart's other worker defaults")
                .table(table)
                .note("W workers × C = " + concurrency + " commands in flight each; calls per store counts every verb;"
                        + " L is the latency cluster-sim really added (" + Durations.format(effectiveLatency) + ").")
                .note("CPU is utime + stime of the api and worker processes from /proc/<pid>/stat, over the run,"
                        + " divided by the stores.");
    }

    private static Optional<Double> limit(ProvisioningRun.Figures figures, Duration latency) {
        if (latency.isZero()) {
            return Optional.empty();
        }
        double inFlight = figures.run().workers() * figures.run().concurrency();
        return figures.callsPerStore().map(calls -> inFlight / (calls * latency.toMillis() / 1000.0));
    }
}
