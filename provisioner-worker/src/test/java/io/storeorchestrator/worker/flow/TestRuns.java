package io.storeorchestrator.worker.flow;

import java.util.Set;

/** Reaches into a {@link CommandRun} what the command processor sets when it takes the lease. */
public final class TestRuns {

    private TestRuns() {
    }

    public static void awaitActivation(CommandRun run, Set<String> hosts) {
        run.awaitActivation(hosts);
    }
}
