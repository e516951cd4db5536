package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.worker.kube.ApplyOutcome;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One named, idempotent step of a flow.
 *
 * @param name    the step name in events
 * @param purpose one line on why the step exists
 * @param action  what it does; returns what happened to each object it touched
 */
public record Step(StepName name, String purpose, Action action) {

    @FunctionalInterface
    public interface Action {
        List<ApplyOutcome> run(CommandRun run);
    }

    /** The STEP event's message: {@code "StatefulSet mariadb created, Service mariadb unchanged"}. */
    public static String describe(List<ApplyOutcome> outcomes) {
        return outcomes.stream().map(ApplyOutcome::describe).collect(Collectors.joining(", "));
    }
}
