package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.domain.StoreFailure;

/** A step failed in a way waiting cannot fix; the store becomes FAILED with {@link #failure()}. */
public final class StepFailedException extends RuntimeException {

    private final transient StoreFailure failure;

    public StepFailedException(StoreFailure failure) {
        super(failure.statusReason());
        this.failure = failure;
    }

    public StoreFailure failure() {
        return failure;
    }
}
