package io.storeorchestrator.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs benchmark scenarios and prints their figures. Each scenario starts the whole platform afresh (its own database,
 * broker topology, cluster-sim, and the services as processes from their jars) and drives it through the REST API.
 *
 * <pre>
 * benchmark/run.sh [scenario [--param=value ...]] ...      no scenario: all of them, with their defaults
 * </pre>
 *
 * Parameters follow the scenario they belong to. Must run with benchmark/ as the working directory (run.sh does):
 * the services' jars are found at ../&lt;module&gt;/target and results are written to target/.
 */
public final class BenchmarkMain {

    private static final List<Scenario> SCENARIOS = List.of(new ThroughputScenario(), new ReadyDelayScenario(),
            new WaitingScenario(), new CreateLatencyScenario(), new StreamClientsScenario());

    private BenchmarkMain() {
    }

    public static void main(String[] args) {
        List<Options> runs;
        try {
            runs = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + " (benchmark/run.sh --help lists the scenarios and parameters)");
            System.exit(2);
            return;
        }
        boolean failed = false;
        for (Options run : runs) {
            System.err.println("[" + run.scenario().name() + "] " + run.command());
            try {
                Report report = run.scenario().run(run);
                String rendered = report.render();
                System.out.println(rendered);
                System.err.println("[" + run.scenario().name() + "] written to "
                        + report.write(rendered).toAbsolutePath().normalize());
            } catch (RuntimeException e) {
                failed = true;
                System.err.println("[" + run.scenario().name() + "] failed: " + e.getMessage());
                e.printStackTrace(System.err);
            }
        }
        System.exit(failed ? 1 : 0);
    }

    /** Scenario names, each followed by its own {@code --name=value} parameters; none means every scenario. */
    static List<Options> parse(String[] args) {
        List<Options> runs = new ArrayList<>();
        Scenario current = null;
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(usage());
                System.exit(0);
            }
            if (arg.startsWith("--")) {
                if (current == null) {
                    throw new IllegalArgumentException(arg + ": parameters follow the scenario they are for");
                }
                int equals = arg.indexOf('=');
                if (equals < 0) {
                    throw new IllegalArgumentException(arg + ": write parameters as --name=value");
                }
                given.put(arg.substring(2, equals), arg.substring(equals + 1));
                continue;
            }
            if (current != null) {
                runs.add(Options.of(current, given));
            }
            current = scenario(arg);
            given = new LinkedHashMap<>();
        }
        if (current != null) {
            runs.add(Options.of(current, given));
        }
        if (runs.isEmpty()) {
            SCENARIOS.forEach(scenario -> runs.add(Options.of(scenario, Map.of())));
        }
        return runs;
    }

    private static Scenario scenario(String name) {
        return SCENARIOS.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario " + name + " (there are "
                        + SCENARIOS.stream().map(Scenario::name).collect(Collectors.joining(", ")) + ")"));
    }

    static String usage() {
        StringBuilder usage = new StringBuilder("""
                usage: benchmark/run.sh [scenario [--param=value ...]] ...
                Runs the scenarios in order (all of them when none is named) and prints each one's figures, also
                written to benchmark/target/results-<scenario>.txt.

                """);
        for (Scenario scenario : SCENARIOS) {
            usage.append(scenario.name()).append(": ").append(scenario.summary()).append('\n');
            for (Param param : scenario.params()) {
                usage.append(String.format("  --%-12s %-6s %s%n", param.name(), param.defaultValue(), param.help()));
            }
        }
        return usage.toString();
    }
}
