package io.storeorchestrator.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Where and on what a figure was measured, since figures from a shared 2-core machine mean little without it. */
final class RunEnvironment {

    private RunEnvironment() {
    }

    static String describe() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS) + " on " + Runtime.getRuntime().availableProcessors()
                + " CPUs (load average " + loadAverage() + "), " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", JDK " + Runtime.version() + ", revision "
                + System.getProperty("benchmark.revision", "unknown");
    }

    /** The 1-minute load average: other people's work on the machine shows here. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
