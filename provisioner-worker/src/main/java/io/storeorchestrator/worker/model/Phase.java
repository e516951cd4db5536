package io.storeorchestrator.worker.model;

import java.util.List;
import java.util.stream.Stream;

/** One phase of provisioning: steps applied in parallel, or a wait before the next phase. */
public sealed interface Phase {

    /** Steps that do not depend on each other, applied at once. */
    record Apply(List<StoreStep> steps) implements Phase {
        public Apply {
            steps = List.copyOf(steps);
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("a phase applies at least one step");
            }
        }
    }

    /** The store waits here until the cluster has caught up. */
    record Await(WaitStep step) implements Phase {
    }

    static Phase apply(StoreStep... steps) {
        return new Apply(List.of(steps));
    }

    static Phase apply(List<StoreStep> steps) {
        return new Apply(steps);
    }

    static Phase await(WaitStep wait) {
        return new Await(wait);
    }

    /** Every step of {@code phases} that writes objects, in order. */
    static Stream<StoreStep> steps(List<Phase> phases) {
        return phases.stream().flatMap(phase -> phase instanceof Apply apply ? apply.steps().stream() : Stream.empty());
    }
}
