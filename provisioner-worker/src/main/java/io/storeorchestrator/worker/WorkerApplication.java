package io.storeorchestrator.worker;

import io.micronaut.runtime.Micronaut;

/** Consumes provisioning and teardown commands and converges each store's namespace on Kubernetes. */
public final class WorkerApplication {

    private WorkerApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(WorkerApplication.class, args);
    }
}
