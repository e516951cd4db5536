package io.storeorchestrator.common.catalog;

import java.util.Objects;

/**
 * One version of an engine the platform offers: what a user asks for ({@code version}) and the image it runs.
 *
 * @param version       the name clients send ({@code 6.6})
 * @param image         the application image
 * @param requiresRedis whether this version needs a Redis beside it (Medusa 2 does; WooCommerce never)
 */
public record EngineVersion(String version, String image, boolean requiresRedis) {

    public EngineVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(image, "image of version " + version);
    }
}
