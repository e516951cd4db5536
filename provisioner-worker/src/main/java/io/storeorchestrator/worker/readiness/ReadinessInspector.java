package io.storeorchestrator.worker.readiness;

import io.storeorchestrator.worker.model.StoreSpec;
import io.storeorchestrator.worker.model.WaitStep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, from a snapshot of the cluster, whether a store has got past one of its waits, is still on its way, or has
 * failed. No client calls: the waiter feeds it snapshots, tests feed it hand-made ones.
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

    /** At wait-ready: every workload and Job of the store. */
    public ReadinessVerdict inspect(ClusterSnapshot snapshot, Instant now) {
        return inspect(store.blueprint().readiness(store), snapshot, now);
    }

    public ReadinessVerdict inspect(WaitStep wait, ClusterSnapshot snapshot, Instant now) {
        // Failures first: a crash-looping pod also leaves its Deployment "not ready", which would hide the cause.
        Optional<ReadinessVerdict.Failed> failure = classifier.failure(snapshot.pods(), attempt, now);
        if (failure.isPresent()) {
            return failure.get();
        }
        List<String> jobsRunning = new ArrayList<>();
        for (String name : wait.jobs()) {
            switch (JobReadiness.verdict(name, snapshot.jobs().get(name), snapshot.pods(), store.generation())) {
                case ReadinessVerdict.Failed failed -> {
                    return failed;
                }
                case ReadinessVerdict.NotReady notReady -> jobsRunning.add(notReady.waitingFor());
                case ReadinessVerdict.Ready ready -> {
                }
            }
        }
        List<String> waitingFor = new ArrayList<>();
        for (String name : wait.statefulSets()) {
            WorkloadReadiness.statefulSet(name, snapshot.statefulSets().get(name), attempt).ifPresent(waitingFor::add);
        }
        for (String name : wait.deployments()) {
            WorkloadReadiness.deployment(name, snapshot.deployments().get(name), attempt).ifPresent(waitingFor::add);
        }
        waitingFor.addAll(jobsRunning);
        if (waitingFor.isEmpty()) {
            return new ReadinessVerdict.Ready();
        }
        waitingFor.addAll(classifier.unschedulableWithinGrace(snapshot.pods(), attempt));
        return new ReadinessVerdict.NotReady(String.join("; ", waitingFor));
    }
}
