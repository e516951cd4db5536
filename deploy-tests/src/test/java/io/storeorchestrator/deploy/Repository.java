package io.storeorchestrator.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the work tree the tests read: the chart, its monitoring files, the docs, the services' sources. */
final class Repository {

    static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    static final Path CHART = ROOT.resolve("helm/store-orchestrator");
    static final Path MONITORING = CHART.resolve("monitoring");
    static final Path METRICS_CONTRACT = MONITORING.resolve("metrics.txt");
    static final Path RULES = MONITORING.resolve("alerts/store-orchestrator.rules.yaml");
    static final Path RULE_TESTS = MONITORING.resolve("alerts/store-orchestrator.rules.test.yaml");
    static final Path DASHBOARDS = MONITORING.resolve("dashboards");
    static final Path OPERATIONS_DOC = ROOT.resolve("docs/operations.md");

    /** The services the chart deploys, by the name of their module (= their container name). */
    static final java.util.List<String> SERVICES = java.util.List.of("api-service", "provisioner-worker", "reaper-service");

    private Repository() {
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path testValues(String name) {
        return ROOT.resolve("deploy-tests/src/test/resources/values").resolve(name);
    }
}
