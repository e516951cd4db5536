package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.model.StoreSpec;
import jakarta.inject.Singleton;

/**
 * An update (or a rollback someone asked for, or the automatic rollback of a failed update): the store's objects for
 * the command's revision applied as provisioning applies them (server-side apply, everything idempotent; the Secret is
 * created once and never regenerated), then the same park-and-look until the new pod templates have rolled out. A
 * rollback re-applies every object of the revision it restores, so nothing of the failed one is left half-applied.
 */
@Singleton
public final class UpdateFlow {

    private final ProvisionFlow provisionFlow;

    public UpdateFlow(ProvisionFlow provisionFlow) {
        this.provisionFlow = provisionFlow;
    }

    /**
     * @return READY (ROLLED_BACK), or PARKED with what the store waits for
     * @throws StepFailedException     when a step fails for good (the update rolls back, a rollback fails the store)
     * @throws CommandStoppedException when a newer intent superseded the command
     */
    public FlowOutcome run(CommandRun run) {
        StoreCommand command = run.command();
        if (command.resumeAt() != null) {
            return provisionFlow.applyAll(run); // a wake-up: the start was announced when the command first ran
        }
        if (command.rollbackOf() != null) {
            // Its ROLLING_BACK event already said what happens; UPDATE_STARTED would announce a new revision.
            run.checkFence(StepName.ROLLBACK);
        } else {
            run.checkFence(StepName.UPDATE);
            StoreSpec store = run.store();
            run.defer(StoreEventType.UPDATE_STARTED, StepName.UPDATE, "applying revision " + store.revision() + " ("
                    + ReadinessCheck.describe(store) + ", image " + store.version().image() + ")");
        }
        return provisionFlow.applyAll(run);
    }
}
