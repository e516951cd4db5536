package io.storeorchestrator.worker.drift;

import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.worker.model.StoreSpec;

import java.util.List;
import java.util.UUID;

/**
 * A READY store as its row says it: what it is and which revision it serves, all a drift check needs to build the
 * objects the platform applied.
 *
 * @param plan     the plan it runs, or null (a row from before plans: the catalog's default)
 * @param version  the engine version it runs, or null (the engine's default)
 * @param revision the revision it serves, or null (a row from before revisions: revision 1)
 * @param tenant   the tenant that owns it, or null (the admin's store)
 * @param customHosts the hosts of its verified custom domains (issue 11)
 */
public record ReadyStore(UUID id, String name, Engine engine, String namespace, String host, long generation,
                         String plan, String version, Integer revision, String tenant, List<String> customHosts) {

    public ReadyStore {
        customHosts = customHosts == null ? List.of() : List.copyOf(customHosts);
    }

    /** A store without custom domains. */
    public ReadyStore(UUID id, String name, Engine engine, String namespace, String host, long generation,
                      String plan, String version, Integer revision, String tenant) {
        this(id, name, engine, namespace, host, generation, plan, version, revision, tenant, List.of());
    }

    /**
     * @throws io.storeorchestrator.common.catalog.UnknownChoiceException when the catalog no longer offers its plan or
     *                                                                     version
     */
    public StoreSpec spec(StoreCatalog catalog) {
        StoreCatalog.Choice choice = catalog.choose(engine, plan, version);
        return new StoreSpec(id, name, engine, generation, namespace, host, choice.plan(), choice.version(),
                revision == null ? 1 : revision, tenant, null, customHosts);
    }
}
