package io.storeorchestrator.worker;

import io.micronaut.runtime.Micronaut;
import io.storeorchestrator.common.management.ManagementPort;
import io.storeorchestrator.worker.render.RenderCommand;

/** Consumes provisioning and teardown commands and converges each store's namespace on Kubernetes. */
public final class WorkerApplication {

    private WorkerApplication() {
    }

    public static void main(String[] args) {
        if (RenderCommand.isInvokedBy(args)) {
            RenderCommand.main(args); // prints a store's objects and exits: no Micronaut, broker, database or cluster
            return;
        }
        // No banner: logs are one JSON object per line (LOG_FORMAT), and Micronaut prints it before any configuration
        // (micronaut.banner.enabled) is read.
        Micronaut.build(args).mainClass(WorkerApplication.class)
                .properties(ManagementPort.properties(System.getenv())).banner(false).start();
    }
}
