package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.storeorchestrator.common.lifecycle.StepName;

import java.util.List;
import java.util.Objects;

/**
 * One named step of provisioning and the objects it writes, as the builders make them.
 *
 * @param name    the step name in the store's timeline
 * @param purpose one line on why the step exists
 * @param objects what it writes, in order
 */
public record StoreStep(StepName name, String purpose, List<HasMetadata> objects) {

    public StoreStep {
        Objects.requireNonNull(name, "name");
        objects = List.copyOf(objects);
    }

    public static StoreStep of(StepName name, String purpose, HasMetadata... objects) {
        return new StoreStep(name, purpose, List.of(objects));
    }
}
