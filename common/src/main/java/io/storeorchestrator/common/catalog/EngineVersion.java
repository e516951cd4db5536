package io.storeorchestrator.common.catalog;

import java.util.Objects;

/**
 * One version of an engine the platform offers: what a user asks for ({@code version}) and the image it runs.
 *
 * @param version       the name clients send ({@code 6.6})
 * @param image         the application image
 * @param requiresRedis whether this version needs a Redis beside it (Medusa 2 does; WooCommerce never)
 * @param cliImage      WooCommerce: the WP-CLI image that installs a template's theme and plugins into stores of this
 *                      version, on the same PHP as {@code image} ({@code wordpress:cli-2.11.0-php8.2}); the engine's
 *                      {@code cliImage} when the version names none; required once the catalog has a WooCommerce
 *                      template
 */
public record EngineVersion(String version, String image, boolean requiresRedis, String cliImage) {

    /** A version without a WP-CLI image (Medusa's, or WooCommerce's in a catalog without templates). */
    public EngineVersion(String version, String image, boolean requiresRedis) {
        this(version, image, requiresRedis, null);
    }

    public EngineVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(image, "image of version " + version);
    }
}
