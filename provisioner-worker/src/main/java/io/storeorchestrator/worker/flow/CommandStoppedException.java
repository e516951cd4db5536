package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.worker.fencing.FenceDecision;

/** The fence said stop: the command is no longer the store's current intent. */
public final class CommandStoppedException extends RuntimeException {

    private final FenceDecision decision;
    private final StepName step;

    public CommandStoppedException(FenceDecision decision, StepName step, String detail) {
        super(detail);
        this.decision = decision;
        this.step = step;
    }

    public FenceDecision decision() {
        return decision;
    }

    public StepName step() {
        return step;
    }
}
