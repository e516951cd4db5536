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
 *     appReplicas: 1
 * engines:
 *   woocommerce:
 *     defaultVersion: "6.6"
 *     versions:
 *       - {version: "6.6", image: "wordpress:6.6-apache"}
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
                    engines.put(engine, new EngineOffer(engine, offer.versions() == null ? List.of() : offer.versions(),
                            offer.defaultVersion(), offer.available() == null || offer.available()));
                });
            }
            return new StoreCatalog(file.defaultPlan(), file.plans() == null ? List.of() : file.plans(), engines);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("invalid store catalog " + source + ": " + e.getMessage(), e);
        }
    }

    private record CatalogFile(@JsonProperty("defaultPlan") String defaultPlan,
                               @JsonProperty("plans") List<Plan> plans,
                               @JsonProperty("engines") Map<String, OfferFile> engines) {
    }

    private record OfferFile(@JsonProperty("available") Boolean available,
                             @JsonProperty("defaultVersion") String defaultVersion,
                             @JsonProperty("versions") List<EngineVersion> versions) {
    }
}
