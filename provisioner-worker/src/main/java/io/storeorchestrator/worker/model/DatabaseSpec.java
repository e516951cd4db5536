package io.storeorchestrator.worker.model;

import java.util.Map;
import java.util.Objects;

/**
 * The database an engine runs on, as data, so {@link DatabaseObjects} stays generic.
 *
 * @param name      container, StatefulSet and Service name: the host the app reaches the database on
 * @param image     container image
 * @param port      port the database listens on
 * @param dataPath  where the volume is mounted
 * @param plainEnv  container env vars with fixed values
 * @param secretEnv container env var → key in the store's generated Secret
 */
public record DatabaseSpec(String name, String image, int port, String dataPath, Map<String, String> plainEnv,
                           Map<String, String> secretEnv) {

    public DatabaseSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        plainEnv = Map.copyOf(plainEnv);
        secretEnv = Map.copyOf(secretEnv);
    }
}
