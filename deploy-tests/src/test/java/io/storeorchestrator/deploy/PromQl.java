package io.storeorchestrator.deploy;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough PromQL reading to find the metric names and label matchers an expression refers to. */
final class PromQl {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(?!\\w)(\\s*\\()?");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN", "atan2");

    private PromQl() {
    }

    /** Metric names an expression (or a Grafana label_values() variable query) selects. */
    static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher labelValues = LABEL_VALUES.matcher(expression);
        if (labelValues.find()) {
            names.add(labelValues.group(1));
            return names;
        }
        String s = STRING.matcher(expression).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*}", " ");
        s = s.replaceAll("\\[[^]]*]", " ");
        s = GROUPING.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\$\\{?\\w+}?", " ");
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group(1);
            boolean call = m.group(2) != null;
            if (!call && !KEYWORDS.contains(word) && !word.matches("[0-9].*")) {
                names.add(word);
            }
        }
        return names;
    }

    /** For each metric written with a selector ({@code name{label="…"}}), the labels it matches on. */
    static Map<String, Set<String>> matchedLabels(String expression) {
        Map<String, Set<String>> out = new TreeMap<>();
        String s = STRING.matcher(expression).replaceAll("\"\"");
        Matcher m = SELECTOR.matcher(s);
        while (m.find()) {
            Matcher matcher = MATCHER.matcher(m.group(2));
            while (matcher.find()) {
                out.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(matcher.group(1));
            }
        }
        return out;
    }

    /** Labels named in by (...) / without (...) clauses. */
    static Set<String> groupingLabels(String expression) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)").matcher(expression);
        while (m.find()) {
            for (String label : m.group(1).split(",")) {
                if (!label.isBlank()) {
                    out.add(label.strip());
                }
            }
        }
        return out;
    }
}
