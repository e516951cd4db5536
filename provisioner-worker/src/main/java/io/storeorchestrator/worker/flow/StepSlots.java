package io.storeorchestrator.worker.flow;

import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.messaging.WorkerMetrics;
import jakarta.inject.Singleton;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * What {@code WORKER_CONCURRENCY} bounds: steps being executed at once (a Kubernetes write, a readiness look), across
 * every store on this worker. A store waiting for its pods holds no slot; a store's parallel steps each take one.
 */
@Singleton
public final class StepSlots {

    private final Semaphore slots;
    private final WorkerMetrics metrics;

    public StepSlots(WorkerConfig config, WorkerMetrics metrics) {
        this.slots = new Semaphore(config.concurrency(), true);
        this.metrics = metrics;
    }

    public <T> T run(Supplier<T> step) {
        slots.acquireUninterruptibly();
        metrics.stepStarted();
        try {
            return step.get();
        } finally {
            metrics.stepFinished();
            slots.release();
        }
    }
}
