package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.lifecycle.StepName;

/** How far a flow got in one delivery. */
public sealed interface FlowOutcome {

    /** The command reached its end (READY, DELETED). */
    record Done(CommandResult result) implements FlowOutcome {
    }

    /**
     * The store waits for the cluster; the command is parked and resumes at {@code resumeAt}.
     *
     * @param waitingFor what it waits for, as the WAITING event says it
     */
    record Park(StepName resumeAt, String waitingFor) implements FlowOutcome {
    }
}
