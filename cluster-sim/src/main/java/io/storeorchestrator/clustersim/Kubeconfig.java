package io.storeorchestrator.clustersim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the kubeconfig kubectl and the Fabric8 client use to reach the simulator. */
final class Kubeconfig {

    static final String NAME = "store-orchestrator-sim";
    /** The simulator checks no credentials; some clients insist on having some. */
    static final String TOKEN = "cluster-sim-token";

    private Kubeconfig() {
    }

    static Path write(Path file, String masterUrl) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s
                  user:
                    token: %3$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: default
                current-context: %1$s
                """.formatted(NAME, masterUrl, TOKEN);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write kubeconfig " + file, e);
        }
    }
}
