package io.storeorchestrator.worker.flow;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.messaging.WorkerMetrics;

/** Worker settings and step slots for tests: the documented defaults with a chosen concurrency. */
final class TestConfigs {

    private TestConfigs() {
    }

    static WorkerConfig withConcurrency(int concurrency) {
        WorkerConfig d = WorkerConfig.defaults();
        return new WorkerConfig(concurrency, d.recheckInterval(), d.leaseDuration(), d.busyRetryDelay(),
                d.watchEnabled(), d.unschedulableGrace(), d.namespaceDeleteTimeout(), d.ingressClass(),
                d.ingressControllerNamespace(), d.tlsClusterIssuer(), d.storageClass(), d.kubernetesRetryAttempts(),
                d.kubernetesRetryBackoff(), d.driftCheckInterval(), d.driftCorrectionEnabled(), d.recoveryTimeout(),
                d.domainCertIssuer(), d.domainCertIssuerKind(), d.contentStorageClass(), d.contentAccessMode());
    }

    static StepSlots slots(int concurrency) {
        return slots(concurrency, new SimpleMeterRegistry());
    }

    static StepSlots slots(int concurrency, SimpleMeterRegistry registry) {
        return new StepSlots(withConcurrency(concurrency), new WorkerMetrics(registry, withConcurrency(concurrency)));
    }
}
