package io.storeorchestrator.common.catalog;

import io.storeorchestrator.common.domain.Engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the platform offers of one engine: its versions, newest first, and the one a store gets when it names none.
 *
 * @param engine         the engine
 * @param versions       offered versions; never empty for an available engine
 * @param defaultVersion the version of stores that ask for none
 * @param available      whether stores of this engine may be created (an installation may switch one off)
 */
public record EngineOffer(Engine engine, List<EngineVersion> versions, String defaultVersion, boolean available) {

    public EngineOffer {
        Objects.requireNonNull(engine, "engine");
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("engine " + engine.id() + " offers no version");
        }
        String wanted = defaultVersion == null ? versions.getFirst().version() : defaultVersion;
        if (versions.stream().noneMatch(v -> v.version().equals(wanted))) {
            throw new IllegalArgumentException("engine " + engine.id() + ": default version " + wanted
                    + " is not among its versions");
        }
        defaultVersion = wanted;
    }

    public Optional<EngineVersion> version(String version) {
        return versions.stream().filter(v -> v.version().equals(version)).findFirst();
    }

    /** The version named, or the default when {@code version} is null. */
    public Optional<EngineVersion> versionOrDefault(String version) {
        return version(version == null ? defaultVersion : version);
    }
}
