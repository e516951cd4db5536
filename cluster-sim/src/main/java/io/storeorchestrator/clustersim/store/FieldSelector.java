package io.storeorchestrator.clustersim.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed {@code fieldSelector} query: {@code path=value}, {@code path==value} or {@code path!=value} terms joined by
 * commas. Any dotted path works ({@code metadata.name}, {@code metadata.namespace}, {@code status.phase}).
 */
public record FieldSelector(List<Term> terms) {

    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    public record Term(String path, String value, boolean negated) {

        boolean matches(JsonNode object) {
            return Meta.textAt(object, path).equals(value) != negated;
        }
    }

    public FieldSelector {
        terms = List.copyOf(terms);
    }

    public static FieldSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String raw : selector.split(",")) {
            String term = raw.trim();
            int notEquals = term.indexOf("!=");
            int equals = term.indexOf('=');
            if (notEquals > 0) {
                terms.add(new Term(term.substring(0, notEquals), term.substring(notEquals + 2), true));
            } else if (equals > 0) {
                int valueStart = term.startsWith("==", equals) ? equals + 2 : equals + 1;
                terms.add(new Term(term.substring(0, equals), term.substring(valueStart), false));
            } else {
                throw new IllegalArgumentException("invalid field selector term '" + term + "'");
            }
        }
        return new FieldSelector(terms);
    }

    public boolean matches(JsonNode object) {
        for (Term term : terms) {
            if (!term.matches(object)) {
                return false;
            }
        }
        return true;
    }

    /** The value a {@code path=value} term pins, so a list can go straight to it instead of filtering. */
    public Optional<String> required(String path) {
        return terms.stream().filter(t -> !t.negated() && t.path().equals(path)).map(Term::value).findFirst();
    }
}
