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

    /** The content volume, when the engine's app keeps files on one; created once, never re-applied. */
    static Optional<StoreStep> content(StoreSpec store, WorkerConfig config) {
        if (!store.blueprint().contentVolume()) {
            return Optional.empty();
        }
        return Optional.of(StoreStep.of(StepName.CONTENT, "the volume of uploads, themes and plugins every app pod "
                + "mounts; created once", ContentVolume.claim(store, config)));
    }

    static StoreStep application(StoreSpec store, WorkerConfig config) {
        return StoreStep.of(StepName.APPLICATION, "the app Deployment", ApplicationObjects.deployment(store, config));
    }

    static StoreStep ingress(StoreSpec store, WorkerConfig config) {
        return StoreStep.of(StepName.INGRESS, "the store's host routed to the app, with TLS when configured",
                IngressObjects.ingress(store, config));
    }

    /** The store's public entry: its Ingress, and its custom domains' objects when it has verified ones. */
    static List<StoreStep> entry(StoreSpec store, WorkerConfig config) {
        List<StoreStep> steps = new ArrayList<>();
        steps.add(ingress(store, config));
        domains(store, config).ifPresent(steps::add);
        return steps;
    }

    /**
     * Custom domains (issue 11): their Ingress and Certificates, when the store has verified hosts. A store with none
     * has no such step; the DOMAINS command that follows a removal prunes what is left ({@code DomainsReconciler}).
     */
    static Optional<StoreStep> domains(StoreSpec store, WorkerConfig config) {
        return DomainObjects.ingress(store, config).map(ingress -> {
            List<HasMetadata> objects = new ArrayList<>();
            objects.add(ingress);
            objects.addAll(DomainObjects.certificates(store, config));
            return new StoreStep(StepName.DOMAINS, "each verified custom domain routed to the app, with its "
                    + "certificate when configured", objects);
        });
    }
}
