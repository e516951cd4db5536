package io.storeorchestrator.benchmark;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Rows the scenarios share, one column per run. */
final class Rows {

    private Rows() {
    }

    /** Kubernetes API calls per store by verb and in all, or one "n/a" row when cluster-sim does not count them. */
    static void callsPerStore(Table table, String label, List<Optional<ApiCalls>> columns, int stores) {
        if (columns.stream().anyMatch(Optional::isEmpty)) {
            table.row(label, columns.stream().map(calls -> Fmt.NA).toList());
            return;
        }
        for (String verb : ApiCalls.VERBS) {
            table.row(label + ": " + verb, columns.stream()
                    .map(calls -> Fmt.number((double) calls.orElseThrow().count(verb) / stores, 1)).toList());
        }
        table.row(label + ": all", columns.stream()
                .map(calls -> Fmt.number((double) calls.orElseThrow().total() / stores, 1)).toList());
    }

    static void callsPerStore(Table table, List<ProvisioningRun.Figures> runs) {
        callsPerStore(table, "Kubernetes API calls per store", cells(runs, ProvisioningRun.Figures::calls),
                runs.getFirst().run().stores());
    }

    static void timesAndCosts(Table table, List<ProvisioningRun.Figures> runs) {
        table.row("time to READY p50", cells(runs, figures -> Fmt.span(figures.timeToReady().p50())));
        table.row("time to READY p99", cells(runs, figures -> Fmt.span(figures.timeToReady().p99())));
        table.row("platform CPU per store (api + workers)", cells(runs,
                figures -> Fmt.millis(figures.cpuMillisPerStore())));
        table.row("  of which api-service", cells(runs,
                figures -> Fmt.millis(figures.apiCpuMillis() / figures.run().stores())));
        table.row("  of which JIT compiler threads", cells(runs,
                figures -> Fmt.millis(figures.jitCpuMillis() / figures.run().stores())));
        table.row("  of which GC threads", cells(runs,
                figures -> Fmt.millis(figures.gcCpuMillis() / figures.run().stores())));
        table.row("worker RSS at the end", cells(runs, figures -> figures.workerRss().stream()
                .map(Fmt::mebibytes).collect(Collectors.joining(" / "))));
    }

    static <T> List<T> cells(List<ProvisioningRun.Figures> runs, Function<ProvisioningRun.Figures, T> cell) {
        return runs.stream().map(cell).toList();
    }

    static String orNa(Optional<Double> value, int decimals) {
        return value.map(v -> Fmt.number(v, decimals)).orElse(Fmt.NA);
    }
}
