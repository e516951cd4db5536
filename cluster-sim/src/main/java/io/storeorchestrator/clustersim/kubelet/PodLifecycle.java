package io.storeorchestrator.clustersim.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.api.ApiException;
import io.storeorchestrator.clustersim.api.ResourceApi;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.store.Meta;
import io.storeorchestrator.clustersim.store.ObjectKey;
import io.storeorchestrator.clustersim.store.ObjectStore;
import io.storeorchestrator.clustersim.store.ResourceTypes;
import io.storeorchestrator.common.naming.StoreLabels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Creates a controller's pods and plays the scheduler and kubelet for them: a pod is bound to the node at once
 * (or left Unschedulable), and after the ready delay its containers run and turn ready, or fail as a
 * {@link FailureRule} says. The owner is told when a pod has started so it can update its own status.
 */
final class PodLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PodLifecycle.class);

    private final ResourceApi api;
    private final ObjectStore store;
    private final ScheduledExecutorService executor;
    private final Duration readyDelay;
    private final FailureRules rules;
    private final Clock clock;

    PodLifecycle(ResourceApi api, ScheduledExecutorService executor, Duration readyDelay, FailureRules rules,
                 Clock clock) {
        this.api = api;
        this.store = api.store();
        this.executor = executor;
        this.readyDelay = readyDelay;
        this.rules = rules;
        this.clock = clock;
    }

    /**
     * Creates a pod from a workload's template and schedules its start.
     *
     * @param workload  the Deployment, StatefulSet or Job whose pod template is used
     * @param owner     the pod's controller (the ReplicaSet of a Deployment, the StatefulSet or Job itself)
     * @param onStarted run (on the kubelet thread) once the pod's containers run or fail
     */
    void create(ObjectNode workload, ObjectNode owner, WorkloadKind kind, String podName,
                Map<String, String> extraLabels, Runnable onStarted) {
        JsonNode template = workload.path("spec").path("template");
        ObjectNode pod = Json.object();
        ObjectNode metadata = pod.putObject("metadata");
        metadata.put("name", podName);
        metadata.put("namespace", Meta.namespace(owner));
        ObjectNode labels = metadata.putObject("labels");
        template.path("metadata").path("labels").properties().forEach(e -> labels.set(e.getKey(), e.getValue()));
        extraLabels.forEach(labels::put);
        metadata.set("annotations", template.path("metadata").path("annotations").isObject()
                ? template.path("metadata").path("annotations").deepCopy() : Json.object());
        metadata.putArray("ownerReferences").add(ownerReference(owner));
        ObjectNode spec = template.path("spec").isObject() ? template.path("spec").deepCopy() : Json.object();
        pod.set("spec", spec);
        if (kind == WorkloadKind.STATEFUL_SET) {
            spec.put("hostname", podName);
            spec.put("subdomain", owner.path("spec").path("serviceName").asText(Meta.name(owner)));
        }
        String now = now();
        Optional<FailureRule> rule = rules.firstMatch(context(pod, kind));
        if (rule.isPresent() && rule.get().mode() == FailureMode.UNSCHEDULABLE) {
            // The scheduler finds no node: the pod is never bound and never starts.
            pod.set("status", PodStatuses.failing(pod, FailureMode.UNSCHEDULABLE, now));
            api.createAsController(ObjectKey.of(ResourceTypes.POD, Meta.namespace(owner), podName), pod);
            LOG.debug("Pod {}/{} unschedulable by rule {}", Meta.namespace(owner), podName, rule.get().name());
            return;
        }
        spec.put("nodeName", PodStatuses.NODE_NAME);
        pod.set("status", PodStatuses.creating(pod, now));
        ObjectNode created = api.createAsController(
                ObjectKey.of(ResourceTypes.POD, Meta.namespace(owner), podName), pod);
        String uid = Meta.uid(created);
        ObjectKey key = ObjectKey.of(ResourceTypes.POD, Meta.namespace(owner), podName);
        executor.schedule(() -> start(key, uid, kind, onStarted), readyDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    static boolean isReady(JsonNode pod) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                return condition.path("status").asText().equals("True");
            }
        }
        return false;
    }

    private void start(ObjectKey key, String uid, WorkloadKind kind, Runnable onStarted) {
        try {
            ObjectNode pod = store.get(key).orElse(null);
            if (pod == null || !Meta.uid(pod).equals(uid)) {
                return; // deleted, or replaced by a newer pod of the same name
            }
            Optional<FailureRule> rule = rules.firstMatch(context(pod, kind));
            ObjectNode status = kind == WorkloadKind.JOB ? jobPodStatus(pod, rule)
                    : rule.isPresent() ? PodStatuses.failing(pod, rule.get().mode(), now())
                    : PodStatuses.running(pod, now());
            rule.ifPresent(r -> LOG.debug("Pod {} fails with {} by rule {}", key, r.mode(), r.name()));
            store.write(key, current -> {
                if (current != null && Meta.uid(current).equals(uid)) {
                    current.set("status", status);
                }
                return current;
            });
            onStarted.run();
        } catch (ApiException e) {
            LOG.debug("Could not start pod {}: {}", key, e.getMessage());
        }
    }

    /**
     * A Job's pod runs to completion, or, restartPolicy being Never, ends Failed when its container exits with an
     * error; image and scheduling failures leave it Pending as any pod.
     */
    private ObjectNode jobPodStatus(ObjectNode pod, Optional<FailureRule> rule) {
        if (rule.isEmpty()) {
            return PodStatuses.completed(pod, now());
        }
        FailureMode mode = rule.get().mode();
        if (mode == FailureMode.EXIT_ERROR || mode == FailureMode.CRASH_LOOP_BACK_OFF) {
            return PodStatuses.exited(pod, rule.get().name(), now());
        }
        return PodStatuses.failing(pod, mode, now());
    }

    private PodContext context(ObjectNode pod, WorkloadKind kind) {
        String namespace = Meta.namespace(pod);
        String storeName = store.get(ObjectKey.of(ResourceTypes.NAMESPACE, "", namespace))
                .map(ns -> Meta.labels(ns).getOrDefault(StoreLabels.STORE_NAME, ""))
                .orElse("");
        JsonNode firstContainer = pod.path("spec").path("containers").path(0);
        return new PodContext(namespace, storeName, Meta.name(pod), kind,
                Meta.annotations(pod).getOrDefault(StoreLabels.GENERATION, ""), Meta.labels(pod),
                firstContainer.path("name").asText(""), firstContainer.path("image").asText(""));
    }

    static ObjectNode ownerReference(ObjectNode owner) {
        ObjectNode reference = Json.object();
        reference.put("apiVersion", owner.path("apiVersion").asText());
        reference.put("kind", owner.path("kind").asText());
        reference.put("name", Meta.name(owner));
        reference.put("uid", Meta.uid(owner));
        reference.put("controller", true);
        reference.put("blockOwnerDeletion", true);
        return reference;
    }

    /** The controller named in an object's ownerReferences, if any. */
    static Optional<JsonNode> controllerOf(JsonNode object) {
        ArrayNode references = object.path("metadata").path("ownerReferences") instanceof ArrayNode array
                ? array : Json.MAPPER.createArrayNode();
        for (JsonNode reference : references) {
            if (reference.path("controller").asBoolean(false)) {
                return Optional.of(reference);
            }
        }
        return Optional.empty();
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
