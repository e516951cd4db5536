package io.storeorchestrator.worker.flow;

import io.storeorchestrator.worker.kube.ApplyOutcome;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One named, idempotent step of a flow.
 *
 * @param name    the step name in events (the contract's list)
 * @param purpose one line on why the step exists
 * @param action  what it does; returns what happened to each object it touched
 */
public record Step(String name, String purpose, Action action) {

    @FunctionalInterface
    public interface Action {
        List<ApplyOutcome> run(CommandRun run);
    }

    /** The STEP event's message: {@code "StatefulSet mariadb created, Service mariadb unchanged"}. */
    public static String describe(List<ApplyOutcome> outcomes) {
        return outcomes.stream().map(ApplyOutcome::describe).collect(Collectors.joining(", "));
    }
}
