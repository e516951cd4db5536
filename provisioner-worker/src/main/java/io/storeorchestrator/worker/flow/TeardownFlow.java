package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.kube.KubernetesApplier;
import io.storeorchestrator.worker.kube.KubernetesStepException;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Teardown: delete the namespace (Kubernetes deletes everything in it) and report DELETED only once it is gone.
 * A teardown cannot FAIL a store (DELETING leads only to DELETED), so every problem requeues the command; the
 * reaper re-sends teardowns that stay stuck.
 */
@Singleton
public final class TeardownFlow {

    public static final String START = "teardown";
    public static final String DELETE_NAMESPACE = "delete-namespace";
    public static final String WAIT_NAMESPACE_GONE = "wait-namespace-gone";

    private final KubernetesApplier applier;
    private final WorkerConfig config;

    public TeardownFlow(KubernetesApplier applier, WorkerConfig config) {
        this.applier = applier;
        this.config = config;
    }

    public void run(CommandRun run) {
        String namespace = run.store().namespace();
        run.report(StoreEventType.TEARDOWN_STARTED, START, "deleting namespace " + namespace);
        run.checkFence(DELETE_NAMESPACE);
        run.report(StoreEventType.STEP, DELETE_NAMESPACE,
                kubernetes(run, DELETE_NAMESPACE, () -> applier.deleteNamespace(namespace,
                        run.retryWarnings(DELETE_NAMESPACE)).describe()));
        awaitNamespaceGone(run, namespace);
        run.report(StoreEventType.DELETED, WAIT_NAMESPACE_GONE, "namespace " + namespace + " is gone");
    }

    /** Until GET answers 404: reporting DELETED earlier would free the name while objects still exist. */
    private void awaitNamespaceGone(CommandRun run, String namespace) {
        Instant giveUpAt = Instant.now().plus(config.namespaceDeleteTimeout());
        boolean waitingReported = false;
        while (true) {
            run.checkFence(WAIT_NAMESPACE_GONE);
            boolean exists = kubernetes(run, WAIT_NAMESPACE_GONE,
                    () -> applier.namespaceExists(namespace, run.retryWarnings(WAIT_NAMESPACE_GONE)));
            if (!exists) {
                return;
            }
            if (!waitingReported) {
                run.report(StoreEventType.WAITING, WAIT_NAMESPACE_GONE, "namespace " + namespace + " is terminating");
                waitingReported = true;
            }
            if (!Instant.now().isBefore(giveUpAt)) {
                String message = WAIT_NAMESPACE_GONE + ": namespace " + namespace + " still present after "
                        + Durations.human(config.namespaceDeleteTimeout()) + "; teardown will be retried";
                run.report(StoreEventType.WARNING, WAIT_NAMESPACE_GONE, message);
                throw new RequeueException(message);
            }
            Duration pause = config.pollInterval();
            if (!run.shutdown().pause(pause)) {
                throw new RequeueException("worker stopping during " + WAIT_NAMESPACE_GONE);
            }
        }
    }

    private static <T> T kubernetes(CommandRun run, String step, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesStepException e) {
            String message = e.failure().describeFor(step) + "; teardown will be retried";
            run.report(StoreEventType.WARNING, step, message);
            throw new RequeueException(message);
        }
    }
}
