package io.storeorchestrator.common.catalog;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Where the store catalog comes from, bound from {@code store.catalog.*}.
 *
 * @param file {@code STORE_CATALOG_FILE} (empty = the defaults shipped in {@code store-catalog.yml}): a YAML file of
 *             plans and engine versions; the chart renders its {@code catalog} values into a ConfigMap mounted here
 */
@ConfigurationProperties("store.catalog")
public record CatalogSettings(@Nullable String file) {
}
