package io.storeorchestrator.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario prints: the command that repeats it and the conditions first, so the block can be pasted into
 * docs/performance.md as it is, then the figures, then notes on how to read them.
 */
final class Report {

    private final Options options;
    private final List<String> conditions = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Report(Options options) {
        this.options = options;
    }

    /** A line under the command: what the run was set up with, beyond its parameters. */
    Report condition(String line) {
        conditions.add(line);
        return this;
    }

    Report table(Table table) {
        tables.add(table);
        return this;
    }

    Report note(String line) {
        notes.add(line);
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(options.scenario().name()).append("\n\n");
        out.append("    ").append(options.command()).append("\n\n");
        out.append("- measured ").append(RunEnvironment.describe()).append('\n');
        conditions.forEach(line -> out.append("- ").append(line).append('\n'));
        for (Table table : tables) {
            out.append('\n').append(table.render());
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(line -> out.append(line).append('\n'));
        }
        return out.toString();
    }

    /** Writes the rendered report to {@code target/results-<scenario>.txt}, replacing an earlier one. */
    Path write(String rendered) {
        Path file = Path.of("target", "results-" + options.scenario().name() + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, rendered);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
