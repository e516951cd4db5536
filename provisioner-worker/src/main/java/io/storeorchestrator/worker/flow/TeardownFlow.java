package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.kube.ApplyOutcome;
import io.storeorchestrator.worker.kube.KubernetesApplier;
import io.storeorchestrator.worker.kube.KubernetesFailure;
import io.storeorchestrator.worker.kube.KubernetesReader;
import io.storeorchestrator.worker.kube.KubernetesStepException;
import io.storeorchestrator.worker.tracing.WorkerTraces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Teardown: delete the namespace (Kubernetes deletes everything in it), then park until it is gone and report
 * DELETED only then, since the name becomes free for a new store at that moment. A teardown cannot FAIL a store
 * (DELETING leads only to DELETED), so every problem hands the command back; the reaper re-sends teardowns that stay
 * stuck.
 */
@Singleton
public final class TeardownFlow {

    private final KubernetesApplier applier;
    private final KubernetesReader reader;
    private final StepSlots slots;
    private final WorkerTraces traces;

    public TeardownFlow(KubernetesApplier applier, KubernetesReader reader, StepSlots slots, WorkerTraces traces) {
        this.applier = applier;
        this.reader = reader;
        this.slots = slots;
        this.traces = traces;
    }

    /** From the start: delete, then look once. */
    public FlowOutcome run(CommandRun run) {
        String namespace = run.store().namespace();
        run.checkFence(StepName.TEARDOWN);
        run.report(StoreEventType.TEARDOWN_STARTED, StepName.TEARDOWN, "deleting namespace " + namespace);
        run.checkFence(StepName.DELETE_NAMESPACE);
        Instant started = Instant.now();
        ApplyOutcome deleted = traces.step(StepName.DELETE_NAMESPACE, () -> kubernetes(run, StepName.DELETE_NAMESPACE,
                () -> slots.run(() -> applier.deleteNamespace(namespace, run.retryWarnings(StepName.DELETE_NAMESPACE)))));
        run.reportAll(List.of(StoreEvent.stepDone(run.store().id(), run.command().generation(),
                StepName.DELETE_NAMESPACE, deleted.describe(), Duration.between(started, Instant.now()))));
        return awaitGone(run);
    }

    /** A wake-up: is it gone yet? */
    public FlowOutcome awaitGone(CommandRun run) {
        String namespace = run.store().namespace();
        run.checkFence(StepName.WAIT_NAMESPACE_GONE);
        boolean gone = traces.step(StepName.WAIT_NAMESPACE_GONE, () -> kubernetes(run, StepName.WAIT_NAMESPACE_GONE,
                () -> slots.run(() -> reader.namespaceGone(namespace))));
        if (!gone) {
            return new FlowOutcome.Park(StepName.WAIT_NAMESPACE_GONE, "namespace " + namespace + " to terminate");
        }
        run.report(StoreEventType.DELETED, StepName.WAIT_NAMESPACE_GONE, "namespace " + namespace + " is gone");
        return new FlowOutcome.Done(CommandResult.DELETED);
    }

    private static <T> T kubernetes(CommandRun run, StepName step, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesStepException e) {
            String message = step + " failed: " + e.getMessage() + "; teardown will be retried";
            run.report(StoreEventType.WARNING, step, message);
            throw new RequeueException(message);
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            KubernetesFailure failure = KubernetesFailure.of(e);
            String message = step + " failed: " + failure.reason() + ": " + failure.message() + "; teardown will be retried";
            run.report(StoreEventType.WARNING, step, message);
            throw new RequeueException(message);
        }
    }
}
