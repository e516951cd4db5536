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
import java.util.List;
import java.util.Map;

/**
 * The Job controller, reduced: one pod at a time ({@code <job>-<suffix>}, labelled with the job's name and uid as
 * Kubernetes does); a failed pod is followed by another until {@code spec.backoffLimit} (6 by default) failures have
 * been exceeded, when the Job gets condition Failed with reason {@code BackoffLimitExceeded}; a succeeded pod makes it
 * Complete. Finished pods stay, for their status, as they do until the Job is deleted. Level-based and idempotent: it
 * runs on any event for the Job and whenever one of its pods finishes.
 */
final class JobController {

    static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    static final String LEGACY_JOB_NAME_LABEL = "job-name";
    static final String CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
    static final int DEFAULT_BACKOFF_LIMIT = 6;
    static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";

    private final ResourceApi api;
    private final ObjectStore store;
    private final PodLifecycle pods;
    private final Clock clock;
    /**
     * Told (namespace, Job name) when a Job completes, before its status says so: what its containers would have
     * done outside the cluster (a backup Job's upload to object storage) is done by the test that registered it.
     */
    private final java.util.List<java.util.function.BiConsumer<String, String>> completionHooks =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    JobController(ResourceApi api, PodLifecycle pods, Clock clock) {
        this.api = api;
        this.store = api.store();
        this.pods = pods;
        this.clock = clock;
    }

    void reconcile(ObjectKey key) {
        ObjectNode job = store.get(key).orElse(null);
        if (job == null || Meta.isTerminating(job) || finished(job)) {
            return; // a finished Job runs nothing more
        }
        List<ObjectNode> owned = ownedPods(Meta.uid(job));
        int succeeded = count(owned, "Succeeded");
        int failed = count(owned, "Failed");
        int active = owned.size() - succeeded - failed;
        int completions = job.path("spec").path("completions").asInt(1);
        int backoffLimit = job.path("spec").path("backoffLimit").asInt(DEFAULT_BACKOFF_LIMIT);
        boolean complete = succeeded >= completions;
        boolean exhausted = !complete && failed > backoffLimit;
        if (!complete && !exhausted && active == 0) {
            String name = Meta.name(job);
            pods.create(job, job, WorkloadKind.JOB, name + "-" + ResourceApi.randomSuffix(),
                    Map.of(JOB_NAME_LABEL, name, LEGACY_JOB_NAME_LABEL, name, CONTROLLER_UID_LABEL, Meta.uid(job)),
                    () -> reconcile(key));
            active = 1;
        }
        if (complete) {
            for (var hook : completionHooks) {
                try {
                    hook.accept(Meta.namespace(job), Meta.name(job));
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(JobController.class)
                            .warn("Job completion hook failed for {}: {}", Meta.name(job), e.toString());
                }
            }
        }
        writeStatus(key, job, new Counts(active, succeeded, failed), complete, exhausted);
    }

    void onCompletion(java.util.function.BiConsumer<String, String> hook) {
        completionHooks.add(hook);
    }

    private static boolean finished(JsonNode job) {
        for (JsonNode condition : job.path("status").path("conditions")) {
            String type = condition.path("type").asText();
            if ((type.equals("Complete") || type.equals("Failed")) && condition.path("status").asText().equals("True")) {
                return true;
            }
        }
        return false;
    }

    private List<ObjectNode> ownedPods(String uid) {
        return store.dependents(uid).stream()
                .filter(k -> k.type() == ResourceTypes.POD)
                .flatMap(k -> store.get(k).stream())
                .toList();
    }

    private static int count(List<ObjectNode> pods, String phase) {
        return (int) pods.stream().filter(pod -> pod.path("status").path("phase").asText().equals(phase)).count();
    }

    private record Counts(int active, int succeeded, int failed) {
    }

    private void writeStatus(ObjectKey key, ObjectNode job, Counts counts, boolean complete, boolean exhausted) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        JsonNode previous = job.path("status");
        ObjectNode status = Json.object();
        status.put("startTime", previous.path("startTime").asText(now));
        if (counts.active() > 0) {
            status.put("active", counts.active());
        }
        status.put("succeeded", counts.succeeded());
        status.put("failed", counts.failed());
        status.put("ready", 0);
        if (complete) {
            status.put("completionTime", now);
            status.set("conditions", new Conditions(previous.path("conditions"), now)
                    .add("SuccessCriteriaMet", true, "CompletionsReached", "Reached expected number of succeeded pods")
                    .add("Complete", true, "CompletionsReached", "Reached expected number of succeeded pods")
                    .build());
        } else if (exhausted) {
            status.set("conditions", new Conditions(previous.path("conditions"), now)
                    .add("FailureTarget", true, BACKOFF_LIMIT_EXCEEDED, "Job has reached the specified backoff limit")
                    .add("Failed", true, BACKOFF_LIMIT_EXCEEDED, "Job has reached the specified backoff limit")
                    .build());
        }
        store.write(key, current -> {
            if (current != null && Meta.uid(current).equals(Meta.uid(job))) {
                current.set("status", status);
            }
            return current;
        });
    }
}
