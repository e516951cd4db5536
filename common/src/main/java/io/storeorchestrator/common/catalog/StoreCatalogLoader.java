package io.storeorchestrator.common.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.storeorchestrator.common.domain.Engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link StoreCatalog} from YAML. Strict: an unknown key or engine is an error at start, not a plan that
 * silently lacks a setting.
 *
 * <pre>
 * defaultPlan: small
 * plans:
 *   - id: small
 *     quota: {cpu: "2", memory: 4Gi, pods: 10, pvcs: 2, storage: 10Gi}
 *     app: {cpuRequest: 100m, memoryRequest: 256Mi, cpuLimit: 500m, memoryLimit: 1Gi}
 *     database: {cpuRequest: 100m, memoryRequest: 256Mi, cpuLimit: 500m, memoryLimit: 1Gi}
 *     databaseVolumeSize: 2Gi
 *     contentVolumeSize: 2Gi
 *     appReplicas: 1
 * engines:
 *   woocommerce:
 *     defaultVersion: "6.6"
 *     cliImage: "wordpress:cli-2.11.0-php8.2"
 *     versions:
 *       - {version: "6.6", image: "wordpress:6.6-apache"}
 * templates:
 *   - id: woo-storefront
 *     engine: woocommerce
 *     theme: {slug: storefront, version: "4.6.0"}
 *     plugins:
 *       - {slug: woocommerce, version: "9.3.3"}
 *   - id: medusa-demo
 *     engine: medusa
 *     seed: {script: ./src/scripts/seed.ts}
 * </pre>
 */
public final class StoreCatalogLoader {

    /** The defaults shipped with the platform, on the classpath. */
    public static final String DEFAULT_RESOURCE = "/store-catalog.yml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StoreCatalogLoader() {
    }

    /** The catalog in {@code file}, or the shipped defaults when {@code file} is null or blank. */
    public static StoreCatalog load(String file) {
        if (file == null || file.isBlank()) {
            return defaults();
        }
        Path path = Path.of(file.trim());
        try (InputStream in = Files.newInputStream(path)) {
            return parse(in, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the store catalog " + path + " (STORE_CATALOG_FILE)", e);
        }
    }

    public static StoreCatalog defaults() {
        try (InputStream in = StoreCatalogLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return parse(in, DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException naming {@code source} when the YAML is not a valid catalog */
    public static StoreCatalog parse(InputStream yaml, String source) {
        try {
            CatalogFile file = YAML.readValue(yaml, CatalogFile.class);
            if (file == null) {
                throw new IllegalArgumentException("empty");
            }
            Map<Engine, EngineOffer> engines = new EnumMap<>(Engine.class);
            if (file.engines() != null) {
                file.engines().forEach((id, offer) -> {
                    Engine engine = Engine.fromId(id).orElseThrow(() -> new IllegalArgumentException(
                            "unknown engine '" + id + "'"));
                    engines.put(engine, new EngineOffer(engine, offer.versionsWithCliImage(), offer.defaultVersion(),
                            offer.available() == null || offer.available()));
                });
            }
            List<StoreTemplate> templates = new ArrayList<>();
            if (file.templates() != null) {
                for (TemplateFile template : file.templates()) {
                    templates.add(template.toTemplate());
                }
            }
            return new StoreCatalog(file.defaultPlan(), file.plans() == null ? List.of() : file.plans(), engines,
                    templates);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("invalid store catalog " + source + ": " + e.getMessage(), e);
        }
    }

    private record CatalogFile(@JsonProperty("defaultPlan") String defaultPlan,
                               @JsonProperty("plans") List<Plan> plans,
                               @JsonProperty("engines") Map<String, OfferFile> engines,
                               @JsonProperty("templates") List<TemplateFile> templates) {
    }

    /** A template as written; its engine is read by id, so an unknown one is named in the error. */
    private record TemplateFile(@JsonProperty("id") String id,
                                @JsonProperty("engine") String engine,
                                @JsonProperty("description") String description,
                                @JsonProperty("theme") StoreTemplate.WordPressPackage theme,
                                @JsonProperty("plugins") List<StoreTemplate.WordPressPackage> plugins,
                                @JsonProperty("seed") StoreTemplate.MedusaSeed seed) {

        StoreTemplate toTemplate() {
            Engine known = Engine.fromId(engine).orElseThrow(() -> new IllegalArgumentException(
                    "template " + id + ": unknown engine '" + engine + "'"));
            return new StoreTemplate(id, known, description, theme, plugins, seed);
        }
    }

    /** @param cliImage the WP-CLI image of every version that names none of its own */
    private record OfferFile(@JsonProperty("available") Boolean available,
                             @JsonProperty("defaultVersion") String defaultVersion,
                             @JsonProperty("cliImage") String cliImage,
                             @JsonProperty("versions") List<EngineVersion> versions) {

        List<EngineVersion> versionsWithCliImage() {
            if (versions == null) {
                return List.of();
            }
            return versions.stream().map(v -> v.cliImage() != null || cliImage == null ? v
                    : new EngineVersion(v.version(), v.image(), v.requiresRedis(), cliImage)).toList();
        }
    }
}
