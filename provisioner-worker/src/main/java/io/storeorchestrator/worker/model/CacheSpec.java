package io.storeorchestrator.worker.model;

import java.util.Objects;

/**
 * A cache beside the app (Medusa 2's Redis), as data for {@link CacheObjects}. It keeps nothing that outlives a
 * restart, so it has no volume.
 *
 * @param name  container, StatefulSet and Service name: the host the app reaches it on
 * @param image container image
 * @param port  port it listens on
 */
public record CacheSpec(String name, String image, int port) {

    public CacheSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
    }
}
