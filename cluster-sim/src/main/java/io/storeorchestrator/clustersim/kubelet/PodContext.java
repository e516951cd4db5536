package io.storeorchestrator.clustersim.kubelet;

import java.util.Map;

/**
 * What a failure rule can look at when a simulated pod starts.
 *
 * @param storeName  the namespace's {@code store-orchestrator.io/store-name} label, or empty
 * @param generation the pod's {@code store-orchestrator.io/generation} annotation, or empty
 * @param container  the first container of the pod (the one a failure hits)
 */
public record PodContext(String namespace, String storeName, String podName, WorkloadKind workload,
                         String generation, Map<String, String> podLabels, String container, String image) {

    public PodContext {
        podLabels = Map.copyOf(podLabels);
    }

    /** The store's first provisioning attempt: a retry bumps the generation and rolls new pods. */
    public boolean isFirstAttempt() {
        return "1".equals(generation);
    }
}
