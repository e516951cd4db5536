package io.storeorchestrator.clustersim.kubelet;

/** How a simulated pod fails, mirroring what a real kubelet or scheduler reports. */
public enum FailureMode {
    /**
     * The container starts and exits 1. A workload's pod is restarted with back-off, so it runs but is never ready; a
     * Job's pod (restartPolicy Never) ends Failed, as {@link #EXIT_ERROR}.
     */
    CRASH_LOOP_BACK_OFF,
    /**
     * The container exits 1 with a message (its terminated state: exit code, reason {@code Error}, message). A Job's
     * pod ends Failed and the Job makes another, up to its backoffLimit; a workload's pod crash-loops, as
     * {@link #CRASH_LOOP_BACK_OFF}.
     */
    EXIT_ERROR,
    /** The image cannot be pulled and the kubelet backs off; the pod stays Pending. */
    IMAGE_PULL_BACK_OFF,
    /** The first failed pull, before back-off. */
    ERR_IMAGE_PULL,
    /** No node fits the pod; it stays Pending with PodScheduled=False. */
    UNSCHEDULABLE
}
