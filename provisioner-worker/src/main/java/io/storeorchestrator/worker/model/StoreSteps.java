package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The steps every engine has, built by the generic builders; each blueprint orders them among its own. */
final class StoreSteps {

    private StoreSteps() {
    }

    static StoreStep namespace(StoreSpec store) {
        return StoreStep.of(StepName.NAMESPACE, "the store's namespace, labelled so the reaper knows it is ours",
                NamespaceObjects.namespace(store));
    }

    /** Quota, limits, network fence, credentials and Services: nothing here depends on anything but the namespace. */
    static List<StoreStep> fences(StoreSpec store, WorkerConfig config) {
        return List.of(
                StoreStep.of(StepName.RESOURCE_QUOTA, "caps what the store may take from the cluster",
                        NamespaceObjects.resourceQuota(store)),
                StoreStep.of(StepName.LIMIT_RANGE, "defaults for containers that declare no resources",
                        NamespaceObjects.limitRange(store)),
                new StoreStep(StepName.NETWORK_POLICIES,
                        "deny all, then allow ingress controller to app, app to its database, DNS",
                        List.copyOf(NetworkPolicies.all(store, config))),
                StoreStep.of(StepName.SECRET, "generated credentials; created once, never rotated by a re-run",
                        StoreSecret.shape(store)),
                new StoreStep(StepName.SERVICES, "stable names for the database, the app and what runs beside them",
                        services(store)));
    }

    private static List<HasMetadata> services(StoreSpec store) {
        List<HasMetadata> services = new ArrayList<>();
        services.add(DatabaseObjects.service(store));
        store.blueprint().cache(store).ifPresent(cache -> services.add(CacheObjects.service(store, cache)));
        services.add(ApplicationObjects.service(store));
        return services;
    }

    static StoreStep database(StoreSpec store, WorkerConfig config) {
        return StoreStep.of(StepName.DATABASE, "the database StatefulSet with its volume",
                DatabaseObjects.statefulSet(store, config));
    }

    /** The cache, when the store's version needs one. */
    static Optional<StoreStep> cache(StoreSpec store) {
        return store.blueprint().cache(store).map(cache -> StoreStep.of(StepName.CACHE,
                "the cache the app's version needs, without a volume", CacheObjects.statefulSet(store, cache)));
    }

    static StoreStep application(StoreSpec store) {
        return StoreStep.of(StepName.APPLICATION, "the app Deployment", ApplicationObjects.deployment(store));
    }

    static StoreStep ingress(StoreSpec store, WorkerConfig config) {
        return StoreStep.of(StepName.INGRESS, "the store's host routed to the app, with TLS when configured",
                IngressObjects.ingress(store, config));
    }
}
