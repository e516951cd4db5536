package io.storeorchestrator.clustersim.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.api.ResourceApi;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.store.Meta;
import io.storeorchestrator.clustersim.store.ObjectKey;
import io.storeorchestrator.clustersim.store.ObjectStore;
import io.storeorchestrator.clustersim.store.ResourceTypes;

import java.util.List;
import java.util.Map;

/**
 * The StatefulSet controller, reduced: pods {@code <name>-<ordinal>} labelled with the template's revision, a pod of
 * an older revision replaced, one bound claim per volumeClaimTemplate and ordinal ({@code <template>-<name>-<ordinal>},
 * kept when the set goes, as Kubernetes does), and a status computed from the pods.
 */
final class StatefulSetController {

    static final String REVISION_LABEL = "controller-revision-hash";
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";

    private final ResourceApi api;
    private final ObjectStore store;
    private final PodLifecycle pods;

    StatefulSetController(ResourceApi api, PodLifecycle pods) {
        this.api = api;
        this.store = api.store();
        this.pods = pods;
    }

    void reconcile(ObjectKey key) {
        ObjectNode statefulSet = store.get(key).orElse(null);
        if (statefulSet == null || Meta.isTerminating(statefulSet)) {
            return;
        }
        String uid = Meta.uid(statefulSet);
        String revision = key.name() + "-" + TemplateHash.of(statefulSet.path("spec").path("template"));
        int replicas = statefulSet.path("spec").path("replicas").asInt(1);
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            ensureClaims(statefulSet, ordinal);
            String podName = key.name() + "-" + ordinal;
            ObjectKey podKey = ObjectKey.of(ResourceTypes.POD, key.namespace(), podName);
            ObjectNode pod = store.get(podKey).orElse(null);
            if (pod != null && Meta.ownerUids(pod).contains(uid)
                    && !revision.equals(Meta.labels(pod).get(REVISION_LABEL))) {
                api.delete(podKey);
                pod = null;
            }
            if (pod == null) {
                pods.create(statefulSet, statefulSet, WorkloadKind.STATEFUL_SET, podName,
                        Map.of(REVISION_LABEL, revision, POD_NAME_LABEL, podName), () -> reconcile(key));
            }
        }
        List<ObjectNode> owned = ownedPods(uid);
        for (ObjectNode pod : owned) {
            if (ordinalOf(pod, key.name()) >= replicas) {
                api.delete(ObjectKey.of(ResourceTypes.POD, key.namespace(), Meta.name(pod)));
            }
        }
        writeStatus(key, statefulSet, revision, ownedPods(uid));
    }

    private void ensureClaims(ObjectNode statefulSet, int ordinal) {
        for (JsonNode template : statefulSet.path("spec").path("volumeClaimTemplates")) {
            String claimName = template.path("metadata").path("name").asText() + "-" + Meta.name(statefulSet)
                    + "-" + ordinal;
            ObjectKey claimKey = ObjectKey.of(ResourceTypes.PVC, Meta.namespace(statefulSet), claimName);
            if (store.get(claimKey).isPresent()) {
                continue;
            }
            ObjectNode claim = Json.object();
            ObjectNode metadata = claim.putObject("metadata");
            metadata.put("name", claimName);
            ObjectNode labels = metadata.putObject("labels");
            template.path("metadata").path("labels").properties().forEach(e -> labels.set(e.getKey(), e.getValue()));
            statefulSet.path("spec").path("selector").path("matchLabels").properties()
                    .forEach(e -> labels.set(e.getKey(), e.getValue()));
            claim.set("spec", template.path("spec").isObject() ? template.path("spec").deepCopy() : Json.object());
            api.create(ResourceTypes.PVC, Meta.namespace(statefulSet), claim);
        }
    }

    private List<ObjectNode> ownedPods(String uid) {
        return store.dependents(uid).stream()
                .filter(k -> k.type() == ResourceTypes.POD)
                .flatMap(k -> store.get(k).stream())
                .toList();
    }

    private static int ordinalOf(ObjectNode pod, String statefulSetName) {
        try {
            return Integer.parseInt(Meta.name(pod).substring(statefulSetName.length() + 1));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private void writeStatus(ObjectKey key, ObjectNode statefulSet, String revision, List<ObjectNode> owned) {
        int ready = (int) owned.stream().filter(PodLifecycle::isReady).count();
        int updated = (int) owned.stream().filter(p -> revision.equals(Meta.labels(p).get(REVISION_LABEL))).count();
        String previousRevision = statefulSet.path("status").path("currentRevision").asText(revision);
        ObjectNode status = Json.object();
        status.put("observedGeneration", Meta.generation(statefulSet));
        status.put("replicas", owned.size());
        status.put("readyReplicas", ready);
        status.put("currentReplicas", updated);
        status.put("updatedReplicas", updated);
        status.put("availableReplicas", ready);
        status.put("currentRevision", updated == owned.size() ? revision : previousRevision);
        status.put("updateRevision", revision);
        status.put("collisionCount", 0);
        store.write(key, current -> {
            if (current != null && Meta.uid(current).equals(Meta.uid(statefulSet))
                    && Meta.generation(current) == Meta.generation(statefulSet)) {
                current.set("status", status);
            }
            return current;
        });
    }
}
