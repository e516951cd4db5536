package io.storeorchestrator.common.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig for a stub API server on this machine, for tests of the Kubernetes client plumbing. */
public final class LocalKubeconfig {

    private LocalKubeconfig() {
    }

    /** Writes {@code dir/kubeconfig} pointing at {@code http://127.0.0.1:<port>} and returns it. */
    public static Path write(Path dir, int port) throws IOException {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: local, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: tester, user: {token: not-a-secret}}]
                contexts: [{name: local, context: {cluster: local, user: tester, namespace: default}}]
                current-context: local
                """.formatted(port));
        return kubeconfig;
    }
}
