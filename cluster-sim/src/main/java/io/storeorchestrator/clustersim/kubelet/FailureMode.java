package io.storeorchestrator.clustersim.kubelet;

/** How a simulated pod fails, mirroring what a real kubelet or scheduler reports. */
public enum FailureMode {
    /** The container starts, exits 1 and is restarted with back-off; the pod runs but is never ready. */
    CRASH_LOOP_BACK_OFF,
    /** The image cannot be pulled and the kubelet backs off; the pod stays Pending. */
    IMAGE_PULL_BACK_OFF,
    /** The first failed pull, before back-off. */
    ERR_IMAGE_PULL,
    /** No node fits the pod; it stays Pending with PodScheduled=False. */
    UNSCHEDULABLE
}
