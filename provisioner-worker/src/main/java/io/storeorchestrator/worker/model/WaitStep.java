package io.storeorchestrator.worker.model;

import io.storeorchestrator.common.lifecycle.StepName;

import java.util.List;
import java.util.Objects;

/**
 * A step at which provisioning waits, holding nothing, until the named workloads have rolled out and the named Jobs
 * have completed; the store parks there and resumes there. A pod that cannot start, or a failed Job, fails the store at
 * once.
 *
 * @param step         the step name in the timeline, and where a parked store resumes
 * @param statefulSets StatefulSets that must be ready
 * @param deployments  Deployments that must be ready
 * @param jobs         Jobs that must be complete
 */
public record WaitStep(StepName step, List<String> statefulSets, List<String> deployments, List<String> jobs) {

    public WaitStep {
        Objects.requireNonNull(step, "step");
        statefulSets = List.copyOf(statefulSets);
        deployments = List.copyOf(deployments);
        jobs = List.copyOf(jobs);
    }
}
