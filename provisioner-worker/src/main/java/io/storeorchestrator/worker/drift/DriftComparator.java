package io.storeorchestrator.worker.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.storeorchestrator.common.naming.StoreLabels;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Says how an object in the cluster differs from the object the builders make, looking only at what the platform
 * sets: every field of the desired object must be in the actual one with the same value (desired ⊆ actual). What
 * Kubernetes or other tools add — defaults, status, managed fields, resource versions, extra labels and annotations,
 * a sidecar a webhook injected — is not drift. No client calls: tests feed it hand-made objects.
 *
 * <p>Lists whose entries have a {@code name} (containers, ports, env) are matched by name, and entries added by others
 * are left alone, as server-side apply leaves them. Other lists (NetworkPolicy rules, policy types, LimitRange limits)
 * are atomic: an extra entry is drift, since the apply replaces the whole list (an extra ingress rule is a hole in the
 * store's fence). Quantities compare by value ({@code 1Gi} is {@code 1024Mi}).
 *
 * <p>Not compared, on purpose:
 * <ul>
 *   <li>the generation and revision stamped on pod templates: bookkeeping of which command rolled the pods, and
 *       putting them back alone would restart a store's pods with nothing changed in what runs;</li>
 *   <li>a StatefulSet's {@code volumeClaimTemplates}: immutable, so no apply could correct them (and a volume is never
 *       shrunk by a plan change).</li>
 * </ul>
 */
public final class DriftComparator {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Set<List<String>> IGNORED = Set.of(
            List.of("spec", "template", "metadata", "annotations", StoreLabels.GENERATION),
            List.of("spec", "template", "metadata", "annotations", StoreLabels.REVISION),
            List.of("spec", "volumeClaimTemplates"),
            List.of("status"));
    private static final Pattern QUANTITY = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
    private static final int VALUE_CHARS = 60;

    private DriftComparator() {
    }

    /**
     * @param desired the object as the builders make it
     * @param actual  the object in the cluster, or null when it is absent
     * @return how it drifted, or empty when the cluster has everything the platform applied
     */
    public static Optional<ObjectDrift> compare(HasMetadata desired, HasMetadata actual) {
        String kind = desired.getKind();
        String name = desired.getMetadata().getName();
        if (actual == null) {
            return Optional.of(ObjectDrift.deleted(kind, name));
        }
        List<String> changes = new ArrayList<>();
        compareMap("label", desired.getMetadata().getLabels(), actual.getMetadata().getLabels(), changes);
        compareMap("annotation", desired.getMetadata().getAnnotations(), actual.getMetadata().getAnnotations(),
                changes);
        JsonNode wanted = SERIALIZATION.convertValue(desired, JsonNode.class);
        JsonNode found = SERIALIZATION.convertValue(actual, JsonNode.class);
        wanted.properties().forEach(field -> {
            if (!Set.of("apiVersion", "kind", "metadata").contains(field.getKey())) {
                compare(List.of(field.getKey()), field.getValue(), found.get(field.getKey()), changes);
            }
        });
        return changes.isEmpty() ? Optional.empty() : Optional.of(new ObjectDrift(kind, name, false, changes));
    }

    private static void compareMap(String what, Map<String, String> desired, Map<String, String> actual,
                                   List<String> changes) {
        if (desired == null) {
            return;
        }
        desired.forEach((key, value) -> {
            String found = actual == null ? null : actual.get(key);
            if (found == null) {
                changes.add(what + " " + key + " restored");
            } else if (!found.equals(value)) {
                changes.add(what + " " + key + " " + shown(found) + " → " + shown(value));
            }
        });
    }

    private static void compare(List<String> path, JsonNode desired, JsonNode actual, List<String> changes) {
        if (desired == null || desired.isNull() || IGNORED.contains(path)) {
            return;
        }
        boolean absent = actual == null || actual.isNull() || actual.isMissingNode();
        if (desired.isObject()) {
            if (desired.isEmpty()) {
                if (!absent && !(actual.isObject() && actual.isEmpty())) {
                    changes.add(render(path) + " restored to {}"); // an empty selector selects everything
                }
            } else if (absent || !actual.isObject()) {
                changes.add(render(path) + " restored");
            } else {
                desired.properties().forEach(field -> compare(append(path, field.getKey()), field.getValue(),
                        actual.get(field.getKey()), changes));
            }
        } else if (desired.isArray()) {
            compareList(path, desired, absent ? null : actual, changes);
        } else if (absent) {
            changes.add(render(path) + " restored");
        } else if (!sameValue(desired, actual)) {
            changes.add(render(path) + " " + value(path, actual) + " → " + value(path, desired));
        }
    }

    private static void compareList(List<String> path, JsonNode desired, JsonNode actual, List<String> changes) {
        if (actual == null || !actual.isArray()) {
            if (!desired.isEmpty() || actual != null) {
                changes.add(render(path) + " restored");
            }
            return;
        }
        if (keyedByName(desired) && keyedByName(actual)) {
            for (JsonNode entry : desired) {
                String name = entry.get("name").asText();
                JsonNode match = StreamSupport.stream(actual.spliterator(), false)
                        .filter(candidate -> name.equals(candidate.get("name").asText())).findFirst().orElse(null);
                String segment = "[" + name + "]";
                if (match == null) {
                    changes.add(render(append(path, segment)) + " restored");
                } else {
                    compare(append(path, segment), entry, match, changes);
                }
            }
            return;
        }
        boolean scalars = StreamSupport.stream(desired.spliterator(), false).allMatch(JsonNode::isValueNode);
        if (desired.size() != actual.size() || scalars && !sameScalars(desired, actual)) {
            changes.add(render(path) + " " + describeList(actual) + " → " + describeList(desired));
            return;
        }
        for (int i = 0; i < desired.size(); i++) {
            compare(append(path, "[" + i + "]"), desired.get(i), actual.get(i), changes);
        }
    }

    private static boolean sameScalars(JsonNode desired, JsonNode actual) {
        for (int i = 0; i < desired.size(); i++) {
            if (!actual.get(i).isValueNode() || !sameValue(desired.get(i), actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean keyedByName(JsonNode list) {
        return !list.isEmpty() && StreamSupport.stream(list.spliterator(), false)
                .allMatch(entry -> entry.isObject() && entry.path("name").isTextual());
    }

    private static boolean sameValue(JsonNode desired, JsonNode actual) {
        if (desired.isNumber() && actual.isNumber()) {
            return desired.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (!desired.isValueNode() || !actual.isValueNode()) {
            return desired.equals(actual);
        }
        String wanted = desired.asText();
        String found = actual.asText();
        return wanted.equals(found) || sameQuantity(wanted, found);
    }

    private static boolean sameQuantity(String desired, String actual) {
        if (!QUANTITY.matcher(desired).matches() || !QUANTITY.matcher(actual).matches()) {
            return false;
        }
        try {
            BigDecimal wanted = Quantity.getAmountInBytes(new Quantity(desired));
            return wanted.compareTo(Quantity.getAmountInBytes(new Quantity(actual))) == 0;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return false;
        }
    }

    /** A scalar for the timeline; values under {@code env} are not shown, whoever put them there. */
    private static String value(List<String> path, JsonNode node) {
        if (path.contains("env")) {
            return "(changed)";
        }
        return shown(node.isArray() ? describeList(node) : node.asText());
    }

    private static String describeList(JsonNode list) {
        boolean scalars = StreamSupport.stream(list.spliterator(), false).allMatch(JsonNode::isValueNode);
        if (scalars) {
            return StreamSupport.stream(list.spliterator(), false).map(JsonNode::asText)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        return list.size() + (list.size() == 1 ? " entry" : " entries");
    }

    private static String shown(String value) {
        return value.length() <= VALUE_CHARS ? value : value.substring(0, VALUE_CHARS) + "…";
    }

    private static List<String> append(List<String> path, String segment) {
        List<String> longer = new ArrayList<>(path);
        longer.add(segment);
        return longer;
    }

    /** {@code spec.template.spec.containers[wordpress].image}. */
    private static String render(List<String> path) {
        StringBuilder text = new StringBuilder();
        for (String segment : path) {
            if (!text.isEmpty() && !segment.startsWith("[")) {
                text.append('.');
            }
            text.append(segment);
        }
        return text.toString();
    }
}
