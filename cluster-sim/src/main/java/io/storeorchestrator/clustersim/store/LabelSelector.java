package io.storeorchestrator.clustersim.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code labelSelector} query: requirements joined by commas, each one of {@code k=v}, {@code k==v},
 * {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k} (exists) or {@code !k} (does not exist).
 */
public record LabelSelector(List<Requirement> requirements) {

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private static final Pattern SET_TERM = Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$");

    public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    public record Requirement(String key, Operator operator, Set<String> values) {

        public Requirement {
            values = Set.copyOf(values);
        }

        public boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> value != null && values.contains(value);
                // Kubernetes: != and notin also match objects that lack the label.
                case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }

        /** Whether the label index can answer this requirement (it only knows which objects carry a label). */
        public boolean narrowsByIndex() {
            return operator == Operator.EQUALS || operator == Operator.IN || operator == Operator.EXISTS;
        }
    }

    public LabelSelector {
        requirements = List.copyOf(requirements);
    }

    /** @throws IllegalArgumentException when the selector is not valid syntax */
    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String term : splitTopLevel(selector)) {
            requirements.add(parseTerm(term.trim()));
        }
        return new LabelSelector(requirements);
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement requirement : requirements) {
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private static Requirement parseTerm(String term) {
        if (term.isEmpty()) {
            throw new IllegalArgumentException("empty requirement in label selector");
        }
        Matcher set = SET_TERM.matcher(term);
        if (set.matches()) {
            Set<String> values = new LinkedHashSet<>();
            for (String value : set.group(3).split(",")) {
                if (!value.isBlank()) {
                    values.add(value.trim());
                }
            }
            return new Requirement(set.group(1), set.group(2).equals("in") ? Operator.IN : Operator.NOT_IN, values);
        }
        if (term.startsWith("!")) {
            return new Requirement(checkedKey(term.substring(1)), Operator.DOES_NOT_EXIST, Set.of());
        }
        int notEquals = term.indexOf("!=");
        if (notEquals > 0) {
            return new Requirement(checkedKey(term.substring(0, notEquals)), Operator.NOT_EQUALS,
                    Set.of(term.substring(notEquals + 2).trim()));
        }
        int equals = term.indexOf('=');
        if (equals > 0) {
            int valueStart = term.startsWith("==", equals) ? equals + 2 : equals + 1;
            return new Requirement(checkedKey(term.substring(0, equals)), Operator.EQUALS,
                    Set.of(term.substring(valueStart).trim()));
        }
        return new Requirement(checkedKey(term), Operator.EXISTS, Set.of());
    }

    private static String checkedKey(String key) {
        String trimmed = key.trim();
        if (trimmed.isEmpty() || trimmed.contains(" ") || trimmed.contains("(") || trimmed.contains("=")) {
            throw new IllegalArgumentException("invalid label key '" + key + "' in label selector");
        }
        return trimmed;
    }

    /** Splits on commas that are not inside the parentheses of an {@code in} / {@code notin} set. */
    private static List<String> splitTopLevel(String selector) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced parentheses in label selector '" + selector + "'");
        }
        terms.add(selector.substring(start));
        return terms;
    }
}
