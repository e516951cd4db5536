package io.storeorchestrator.clustersim.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.api.ResourceApi;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.store.Meta;
import io.storeorchestrator.clustersim.store.ObjectKey;
import io.storeorchestrator.clustersim.store.ObjectStore;
import io.storeorchestrator.clustersim.store.ResourceTypes;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Deployment controller, reduced: one ReplicaSet per pod template ({@code <deployment>-<hash>}), older ones
 * deleted with their pods (a rollout that replaces at once), and a status computed from the current pods.
 * Level-based and idempotent: it can run on any event for the Deployment or its pods.
 */
final class DeploymentController {

    static final String POD_TEMPLATE_HASH = "pod-template-hash";

    private final ResourceApi api;
    private final ObjectStore store;
    private final PodLifecycle pods;
    private final Clock clock;

    DeploymentController(ResourceApi api, PodLifecycle pods, Clock clock) {
        this.api = api;
        this.store = api.store();
        this.pods = pods;
        this.clock = clock;
    }

    void reconcile(ObjectKey key) {
        ObjectNode deployment = store.get(key).orElse(null);
        if (deployment == null || Meta.isTerminating(deployment)) {
            return;
        }
        String hash = TemplateHash.of(deployment.path("spec").path("template"));
        int replicas = deployment.path("spec").path("replicas").asInt(1);
        ObjectKey replicaSetKey = ObjectKey.of(ResourceTypes.REPLICA_SET, key.namespace(), key.name() + "-" + hash);
        for (ObjectKey owned : store.dependents(Meta.uid(deployment))) {
            if (owned.type() == ResourceTypes.REPLICA_SET && !owned.equals(replicaSetKey)) {
                api.delete(owned); // an old template: its pods go with it
            }
        }
        ObjectNode replicaSet = store.get(replicaSetKey)
                .orElseGet(() -> api.createAsController(replicaSetKey, newReplicaSet(deployment, hash, replicas)));
        List<ObjectNode> current = podsOf(replicaSet);
        for (int i = current.size(); i < replicas; i++) {
            pods.create(deployment, replicaSet, WorkloadKind.DEPLOYMENT, replicaSetKey.name() + "-" + ResourceApi.randomSuffix(),
                    Map.of(POD_TEMPLATE_HASH, hash), () -> reconcile(key));
        }
        for (int i = replicas; i < current.size(); i++) {
            api.delete(ObjectKey.of(ResourceTypes.POD, key.namespace(), Meta.name(current.get(i))));
        }
        List<ObjectNode> running = podsOf(replicaSet);
        int ready = (int) running.stream().filter(PodLifecycle::isReady).count();
        writeReplicaSetStatus(replicaSetKey, replicas, running.size(), ready);
        writeDeploymentStatus(key, deployment, replicaSetKey.name(), replicas, running.size(), ready);
    }

    private List<ObjectNode> podsOf(ObjectNode replicaSet) {
        return store.dependents(Meta.uid(replicaSet)).stream()
                .filter(k -> k.type() == ResourceTypes.POD)
                .flatMap(k -> store.get(k).stream())
                .sorted(Comparator.comparing(Meta::name))
                .toList();
    }

    private static ObjectNode newReplicaSet(ObjectNode deployment, String hash, int replicas) {
        JsonNode template = deployment.path("spec").path("template");
        ObjectNode replicaSet = Json.object();
        ObjectNode metadata = replicaSet.putObject("metadata");
        ObjectNode labels = template.path("metadata").path("labels").isObject()
                ? template.path("metadata").path("labels").deepCopy() : Json.object();
        labels.put(POD_TEMPLATE_HASH, hash);
        metadata.set("labels", labels);
        metadata.putArray("ownerReferences").add(PodLifecycle.ownerReference(deployment));
        ObjectNode spec = replicaSet.putObject("spec");
        spec.put("replicas", replicas);
        ObjectNode selector = deployment.path("spec").path("selector").isObject()
                ? deployment.path("spec").path("selector").deepCopy() : Json.object();
        selector.withObjectProperty("matchLabels").put(POD_TEMPLATE_HASH, hash);
        spec.set("selector", selector);
        ObjectNode podTemplate = template.isObject() ? template.deepCopy() : Json.object();
        podTemplate.withObjectProperty("metadata").set("labels", labels.deepCopy());
        spec.set("template", podTemplate);
        return replicaSet;
    }

    private void writeReplicaSetStatus(ObjectKey key, int replicas, int existing, int ready) {
        store.write(key, current -> {
            if (current != null) {
                current.withObjectProperty("spec").put("replicas", replicas);
                ObjectNode status = current.putObject("status");
                status.put("replicas", existing);
                status.put("fullyLabeledReplicas", existing);
                status.put("readyReplicas", ready);
                status.put("availableReplicas", ready);
                status.put("observedGeneration", Meta.generation(current));
            }
            return current;
        });
    }

    private void writeDeploymentStatus(ObjectKey key, ObjectNode deployment, String replicaSetName, int replicas,
                                       int existing, int ready) {
        boolean available = ready >= replicas;
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode status = Json.object();
        status.put("observedGeneration", Meta.generation(deployment));
        status.put("replicas", existing);
        status.put("updatedReplicas", existing);
        status.put("readyReplicas", ready);
        status.put("availableReplicas", ready);
        if (existing > ready) {
            status.put("unavailableReplicas", existing - ready);
        }
        status.set("conditions", new Conditions(deployment.path("status").path("conditions"), now)
                .add("Available", available,
                        available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                        available ? "Deployment has minimum availability."
                                : "Deployment does not have minimum availability.")
                .add("Progressing", true,
                        available ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                        "ReplicaSet \"" + replicaSetName + "\" " + (available ? "has successfully progressed."
                                : "is progressing."))
                .build());
        store.write(key, current -> {
            if (current != null && Meta.uid(current).equals(Meta.uid(deployment))) {
                // Observed is the generation the pods were made from; a newer spec gets its own reconcile.
                if (Meta.generation(current) == Meta.generation(deployment)) {
                    current.set("status", status);
                }
            }
            return current;
        });
    }
}
