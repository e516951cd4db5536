package io.storeorchestrator.clustersim.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which objects carry which label, per resource type, so a cross-namespace list with a label selector reads only
 * the objects that carry the selected labels. Not thread-safe: {@link ObjectStore} guards it with its lock.
 */
final class LabelIndex {

    private final Map<ResourceType, Map<String, Map<String, Set<ObjectKey>>>> index = new HashMap<>();

    void add(ObjectKey key, Map<String, String> labels) {
        Map<String, Map<String, Set<ObjectKey>>> byLabel = index.computeIfAbsent(key.type(), t -> new HashMap<>());
        labels.forEach((label, value) -> byLabel.computeIfAbsent(label, l -> new HashMap<>())
                .computeIfAbsent(value, v -> new HashSet<>())
                .add(key));
    }

    void remove(ObjectKey key, Map<String, String> labels) {
        Map<String, Map<String, Set<ObjectKey>>> byLabel = index.get(key.type());
        if (byLabel == null) {
            return;
        }
        labels.forEach((label, value) -> {
            Map<String, Set<ObjectKey>> byValue = byLabel.get(label);
            if (byValue == null) {
                return;
            }
            Set<ObjectKey> keys = byValue.get(value);
            if (keys != null && keys.remove(key) && keys.isEmpty()) {
                byValue.remove(value);
                if (byValue.isEmpty()) {
                    byLabel.remove(label);
                }
            }
        });
    }

    /**
     * The smallest candidate set the index can give for the selector: a superset of the matches, or empty when
     * no requirement can be answered from the index (the caller must then scan).
     */
    Optional<Set<ObjectKey>> candidates(ResourceType type, LabelSelector selector) {
        Set<ObjectKey> best = null;
        for (LabelSelector.Requirement requirement : selector.requirements()) {
            if (!requirement.narrowsByIndex()) {
                continue;
            }
            Set<ObjectKey> keys = keysFor(type, requirement);
            if (best == null || keys.size() < best.size()) {
                best = keys;
            }
        }
        return Optional.ofNullable(best);
    }

    private Set<ObjectKey> keysFor(ResourceType type, LabelSelector.Requirement requirement) {
        Map<String, Set<ObjectKey>> byValue = index.getOrDefault(type, Map.of()).getOrDefault(requirement.key(), Map.of());
        if (requirement.operator() == LabelSelector.Operator.EQUALS) {
            return byValue.getOrDefault(requirement.values().iterator().next(), Set.of());
        }
        Set<ObjectKey> union = new HashSet<>();
        byValue.forEach((value, keys) -> {
            if (requirement.operator() == LabelSelector.Operator.EXISTS || requirement.values().contains(value)) {
                union.addAll(keys);
            }
        });
        return union;
    }
}
