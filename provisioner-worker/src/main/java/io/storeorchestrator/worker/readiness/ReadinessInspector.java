package io.storeorchestrator.worker.readiness;

import io.storeorchestrator.worker.model.StoreSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, from a snapshot of the cluster, whether a store is ready, still coming up, or failed. No client calls:
 * the waiter feeds it snapshots, tests feed it hand-made ones.
 */
public final class ReadinessInspector {

    private final StoreSpec store;
    private final PodTemplateStamp attempt;
    private final PodFailureClassifier classifier;

    public ReadinessInspector(StoreSpec store, Duration unschedulableGrace) {
        this.store = store;
        this.attempt = PodTemplateStamp.of(store);
        this.classifier = new PodFailureClassifier(unschedulableGrace);
    }

    public ReadinessVerdict inspect(ClusterSnapshot snapshot, Instant now) {
        // Failures first: a crash-looping pod also leaves its Deployment "not ready", which would hide the cause.
        Optional<ReadinessVerdict.Failed> failure = classifier.failure(snapshot.pods(), attempt, now);
        if (failure.isPresent()) {
            return failure.get();
        }
        List<String> waitingFor = new ArrayList<>();
        WorkloadReadiness.statefulSet(store.databaseName(), snapshot.statefulSet(), attempt).ifPresent(waitingFor::add);
        WorkloadReadiness.deployment(store.appName(), snapshot.deployment(), attempt).ifPresent(waitingFor::add);
        if (waitingFor.isEmpty()) {
            return new ReadinessVerdict.Ready();
        }
        waitingFor.addAll(classifier.unschedulableWithinGrace(snapshot.pods(), attempt));
        return new ReadinessVerdict.NotReady(String.join("; ", waitingFor));
    }
}
