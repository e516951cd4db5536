package io.storeorchestrator.benchmark;

import io.storeorchestrator.api.e2e.PlatformStack;
import io.storeorchestrator.clustersim.ClusterSimConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * How fast {@code POST /api/v1/stores} answers under a steady open-loop load, with no worker (the API alone: insert,
 * outbox relay) and with one worker (the API also applying the worker's events as the stores get provisioned).
 */
final class CreateLatencyScenario implements Scenario {

    /** One measured column: a fresh platform with this many workers. */
    private record Phase(String column, OpenLoopLoad.Result load, double apiCpuMillis) {
    }

    @Override
    public String name() {
        return "create-latency";
    }

    @Override
    public String summary() {
        return "latency of POST /api/v1/stores under open-loop load, without and with a worker";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.integer("rate", 200, "creates per second"),
                Param.duration("duration", "20s", "how long the measured load runs"),
                Param.duration("warmup", "5s", "load at the same rate before measuring, so the JIT has compiled"
                        + " the request path"),
                Param.integer("concurrency", 8, "WORKER_CONCURRENCY of the worker in the second run"),
                Param.duration("ready-delay", "300ms", "cluster-sim: how long pods take to become ready"));
    }

    @Override
    public Report run(Options options) {
        List<Phase> phases = new ArrayList<>();
        phases.add(measure(options, "no worker", 0));
        phases.add(measure(options, "1 worker", 1));

        Table table = Table.ofFigures(phases.stream().map(Phase::column).toList());
        table.row("requests sent", cells(phases, phase -> Integer.toString(phase.load().sent())));
        Percentiles[] latency = phases.stream().map(phase -> Percentiles.of(phase.load().latencyNanos()))
                .toArray(Percentiles[]::new);
        table.row("latency p50", cells(latency, Percentiles::p50));
        table.row("latency p90", cells(latency, Percentiles::p90));
        table.row("latency p99", cells(latency, Percentiles::p99));
        table.row("latency max", cells(latency, Percentiles::max));
        table.row("errors by status", cells(phases, phase -> describe(phase.load().errors())));
        table.row("achieved rate (202s per second)", cells(phases,
                phase -> Fmt.number(phase.load().acceptedPerSecond(), 1)));
        table.row("API CPU per create", cells(phases, phase -> Fmt.millis(phase.apiCpuMillis() / phase.load().sent())));

        return new Report(options)
                .condition("each column a fresh platform: api-service (" + String.join(" ", BenchPlatform.JVM_OPTIONS)
                        + ", DATABASE_MAX_POOL_SIZE=10) and, in the second, one worker (WORKER_CONCURRENCY="
                        + options.integer("concurrency") + "); cluster-sim with no API latency, pods ready "
                        + Durations.format(options.duration("ready-delay")) + " after creation")
                .condition("load: JDK HttpClient, HTTP/1.1, asynchronous, one request every 1/rate s after a "
                        + Durations.format(options.duration("warmup")) + " warm-up at the same rate")
                .table(table)
                .note("Latency runs from each request's scheduled send time to its answer, so a stall delays the"
                        + " requests behind it in the figures too (no coordinated omission). CPU is utime + stime of"
                        + " the api process over the measured load, divided by the requests sent.");
    }

    private static Phase measure(Options options, String column, int workers) {
        int rate = options.integer("rate");
        Duration warmup = options.duration("warmup");
        Duration duration = options.duration("duration");
        // Every create stays a live store: the quota must hold all of them.
        int creates = (int) (rate * (warmup.toMillis() + duration.toMillis()) / 1000);
        ClusterSimConfig cluster = ClusterSimConfig.forTests().withReadyDelay(options.duration("ready-delay"));
        try (BenchPlatform platform = BenchPlatform.start(cluster, creates + 10)) {
            for (int i = 0; i < workers; i++) {
                platform.startWorker(options.integer("concurrency"));
            }
            OpenLoopLoad load = new OpenLoopLoad(platform.apiProcess().baseUrl(), PlatformStack.ADMIN_KEY);
            Progress progress = new Progress("create-latency, " + column);
            progress.always("warming up for " + Durations.format(warmup));
            load.run(rate, warmup, "warmup");
            progress.always("measuring for " + Durations.format(duration));
            CpuSample before = CpuSample.of(List.of(platform.apiProcess()));
            OpenLoopLoad.Result result = load.run(rate, duration, "measured");
            double apiCpuMillis = CpuSample.of(List.of(platform.apiProcess())).millisSince(before);
            return new Phase(column, result, apiCpuMillis);
        }
    }

    private static List<String> cells(List<Phase> phases, Function<Phase, String> cell) {
        return phases.stream().map(cell).toList();
    }

    private static List<String> cells(Percentiles[] latency, ToLongFunction<Percentiles> figure) {
        return Arrays.stream(latency).map(p -> Fmt.nanosAsMillis(figure.applyAsLong(p))).toList();
    }

    private static String describe(Map<String, Integer> errors) {
        return errors.isEmpty() ? "none" : errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
