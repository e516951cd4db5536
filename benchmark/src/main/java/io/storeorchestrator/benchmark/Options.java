package io.storeorchestrator.benchmark;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A scenario's parameters, as given on the command line or defaulted, checked before anything starts. */
final class Options {

    private final Scenario scenario;
    private final Map<String, String> values;

    private Options(Scenario scenario, Map<String, String> values) {
        this.scenario = scenario;
        this.values = values;
    }

    /** @throws IllegalArgumentException for an unknown parameter or a value that does not parse */
    static Options of(Scenario scenario, Map<String, String> given) {
        Map<String, Param> declared = scenario.params().stream()
                .collect(Collectors.toMap(Param::name, p -> p, (a, b) -> a, LinkedHashMap::new));
        for (String name : given.keySet()) {
            if (!declared.containsKey(name)) {
                throw new IllegalArgumentException(scenario.name() + " has no parameter --" + name + " (it has "
                        + declared.keySet().stream().map(n -> "--" + n).collect(Collectors.joining(", ")) + ")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Param param : declared.values()) {
            String value = given.getOrDefault(param.name(), param.defaultValue());
            try {
                check(param, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(scenario.name() + " --" + param.name() + ": " + e.getMessage());
            }
            values.put(param.name(), value);
        }
        return new Options(scenario, values);
    }

    private static void check(Param param, String value) {
        switch (param.kind()) {
            case INTEGER -> positive(value);
            case COUNT -> {
                if (!value.trim().equals("0")) {
                    positive(value);
                }
            }
            case INTEGER_LIST -> Arrays.stream(value.split(",")).forEach(Options::positive);
            case DURATION -> Durations.parse(value);
        }
    }

    private static int positive(String value) {
        try {
            int number = Integer.parseInt(value.trim());
            if (number < 1) {
                throw new IllegalArgumentException("must be at least 1: " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: " + value);
        }
    }

    Scenario scenario() {
        return scenario;
    }

    /** A whole-number parameter, already checked against its kind when the options were read. */
    int integer(String name) {
        return Integer.parseInt(value(name).trim());
    }

    List<Integer> integers(String name) {
        return Arrays.stream(value(name).split(",")).map(Options::positive).toList();
    }

    Duration duration(String name) {
        return Durations.parse(value(name));
    }

    /** The command that repeats this run exactly: every parameter spelled out, defaults included. */
    String command() {
        StringBuilder command = new StringBuilder("benchmark/run.sh ").append(scenario.name());
        values.forEach((name, value) -> command.append(" --").append(name).append('=').append(value));
        return command.toString();
    }

    private String value(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalStateException(scenario.name() + " reads undeclared parameter " + name);
        }
        return value;
    }
}
