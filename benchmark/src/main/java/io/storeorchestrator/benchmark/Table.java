package io.storeorchestrator.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A Markdown table, padded so it also reads well in a terminal; the first column is the figure's name. */
final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    /** A table whose first column names the figure and the others are {@code columns}. */
    static Table ofFigures(List<String> columns) {
        List<String> header = new ArrayList<>();
        header.add("figure");
        header.addAll(columns);
        return new Table(header.toArray(String[]::new));
    }

    /** A row: the figure's name, then one cell per column. */
    Table row(String name, List<String> cells) {
        List<String> all = new ArrayList<>();
        all.add(name);
        all.addAll(cells);
        return row(all.toArray(String[]::new));
    }

    Table row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row " + Arrays.toString(cells) + " does not fit " + header);
        }
        rows.add(List.of(cells));
        return this;
    }

    String render() {
        int[] widths = new int[header.size()];
        for (List<String> line : withHeader()) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(Math.max(widths[i], line.get(i).length()), 3);
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, widths);
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            rule.add(i == 0 ? "-".repeat(widths[i]) : "-".repeat(widths[i] - 1) + ":");
        }
        line(out, rule, widths);
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private List<List<String>> withHeader() {
        List<List<String>> all = new ArrayList<>(rows);
        all.add(header);
        return all;
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        out.append('|');
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - cell.length());
            out.append(' ').append(i == 0 ? cell + pad : pad + cell).append(" |");
        }
        out.append('\n');
    }
}
