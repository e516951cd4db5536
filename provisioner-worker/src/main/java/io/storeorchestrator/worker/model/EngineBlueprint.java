package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.List;
import java.util.Optional;

/**
 * Everything that differs between engines, in one place per engine: the app container (port, probe, env), the
 * database, what else runs beside them (a cache, Jobs), which pods reach the database, and the order provisioning
 * applies and waits in. The builders ({@link ApplicationObjects}, {@link DatabaseObjects}, {@link NetworkPolicies}, ...)
 * are generic and read it from here; the image comes from the catalog ({@code store.version().image()}). Adding an
 * engine is one more implementation.
 */
public sealed interface EngineBlueprint permits WooCommerceBlueprint, MedusaBlueprint {

    static EngineBlueprint of(Engine engine) {
        return switch (engine) {
            case WOOCOMMERCE -> WooCommerceBlueprint.INSTANCE;
            case MEDUSA -> MedusaBlueprint.INSTANCE;
        };
    }

    /** Name of the app container, its Deployment and its Service. */
    String appName();

    /** Port the app serves HTTP on. */
    int appPort();

    /** HTTP path of the app's readiness and liveness probes. */
    String healthPath();

    /** The app container's environment: secrets only ever by secretKeyRef. */
    List<EnvVar> appEnv(StoreSpec store);

    DatabaseSpec database();

    /** The cache the store's version needs beside the app, if any. */
    Optional<CacheSpec> cache(StoreSpec store);

    /**
     * Whether the app keeps files (uploads, plugins) on the store's {@link ContentVolume}, which every app pod then
     * mounts: WooCommerce does; Medusa keeps its files in the storage its file module is configured with.
     */
    boolean contentVolume();

    /** Keys of the store's generated Secret. */
    List<String> secretKeys();

    /** Components whose pods may reach the database (and cache): the app, and the Jobs that run its code. */
    List<String> databaseClients();

    /**
     * The steps the engine waits at, in order. The last is wait-ready and names every workload and Job of the
     * engine: what readiness reads and the store is READY on.
     */
    List<WaitStep> engineWaits(StoreSpec store);

    /** What provisioning the engine does, in order: the phases that apply objects and the waits between them. */
    List<Phase> enginePhases(StoreSpec store, WorkerConfig config);

    /** The steps provisioning waits at: the engine's, and its template's ({@link TemplateObjects}) if it has one. */
    default List<WaitStep> waits(StoreSpec store) {
        return TemplateObjects.waits(store, engineWaits(store));
    }

    /** What provisioning does: the engine's phases, and its template's before the last wait if it has one. */
    default List<Phase> phases(StoreSpec store, WorkerConfig config) {
        return TemplateObjects.phases(store, config, enginePhases(store, config));
    }

    /** The wait a store parked at {@code step} resumes at, if provisioning waits there. */
    default Optional<WaitStep> waitAt(StoreSpec store, StepName step) {
        return waits(store).stream().filter(wait -> wait.step() == step).findFirst();
    }

    /** wait-ready: the store's final wait. */
    default WaitStep readiness(StoreSpec store) {
        return waits(store).getLast();
    }
}
