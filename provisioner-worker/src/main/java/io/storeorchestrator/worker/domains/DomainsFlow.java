package io.storeorchestrator.worker.domains;

import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.worker.flow.CommandResult;
import io.storeorchestrator.worker.flow.CommandRun;
import io.storeorchestrator.worker.flow.FlowOutcome;
import io.storeorchestrator.worker.flow.Step;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A DOMAINS command (issue 11): sent by the API when a domain is verified or a served one removed. Under the store's
 * lease, like any command, it runs the {@code domains} step alone — the store's other objects and its status are left
 * as they are — and reports the step and each domain now served (or not servable), in one confirm.
 */
@Singleton
public final class DomainsFlow {

    private final DomainsReconciler reconciler;

    public DomainsFlow(DomainsReconciler reconciler) {
        this.reconciler = reconciler;
    }

    public FlowOutcome run(CommandRun run) {
        run.checkFence(StepName.DOMAINS);
        long started = System.nanoTime();
        DomainsReconciler.Reconciled reconciled = reconciler.reconcile(run);
        List<StoreEvent> events = new ArrayList<>();
        events.add(StoreEvent.stepDone(run.store().id(), run.command().generation(), StepName.DOMAINS,
                reconciled.outcomes().isEmpty() ? "no custom-domain objects to change"
                        : Step.describe(reconciled.outcomes()), Duration.ofNanos(System.nanoTime() - started)));
        events.addAll(reconciled.events());
        run.reportAll(events);
        return new FlowOutcome.Done(CommandResult.APPLIED);
    }
}
