package io.storeorchestrator.reaper;

import io.micronaut.runtime.Micronaut;
import io.storeorchestrator.common.management.ManagementPort;

/**
 * The reaper: fails stores past their deadline, re-sends stuck teardowns, gives expiring stores their notice and has
 * them deleted, applies retention, deletes orphaned store namespaces and reports live stores whose namespace is gone.
 * It never writes store rows (the API is their only writer); it acts by publishing events and commands, by deleting
 * namespaces, and by recording its own audit rows. Any number of replicas may run; a Kubernetes Lease elects the one
 * that acts.
 */
public final class ReaperApplication {

    private ReaperApplication() {
    }

    public static void main(String[] args) {
        // No banner: logs are one JSON object per line (LOG_FORMAT), and Micronaut prints it before any configuration
        // (micronaut.banner.enabled) is read.
        Micronaut.build(args).mainClass(ReaperApplication.class)
                .properties(ManagementPort.properties(System.getenv())).banner(false).start();
    }
}
