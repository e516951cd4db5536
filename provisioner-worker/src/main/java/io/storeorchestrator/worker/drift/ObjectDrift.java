package io.storeorchestrator.worker.drift;

import java.util.List;

/**
 * How one of a store's objects differs from what the platform applied.
 *
 * @param kind    the object's kind ({@code Deployment})
 * @param name    the object's name
 * @param deleted the object is gone altogether
 * @param changes what differs, each as a person reads it ({@code spec.replicas 0 → 1}); empty when deleted
 */
public record ObjectDrift(String kind, String name, boolean deleted, List<String> changes) {

    /** How many changes one object lists in the timeline before it only counts the rest. */
    static final int LISTED_CHANGES = 5;

    public ObjectDrift {
        changes = List.copyOf(changes);
    }

    static ObjectDrift deleted(String kind, String name) {
        return new ObjectDrift(kind, name, true, List.of());
    }

    /** {@code Deployment wordpress: spec.replicas 0 → 1}, {@code NetworkPolicy allow-dns: recreated (was deleted)}. */
    public String describe() {
        if (deleted) {
            return kind + " " + name + ": recreated (was deleted)";
        }
        String listed = String.join(", ", changes.subList(0, Math.min(LISTED_CHANGES, changes.size())));
        int more = changes.size() - LISTED_CHANGES;
        return kind + " " + name + ": " + listed + (more > 0 ? " and " + more + " more" : "");
    }
}
