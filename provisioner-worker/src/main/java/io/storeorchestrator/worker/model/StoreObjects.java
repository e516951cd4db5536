package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.List;

/**
 * Every object a store is made of, as the builders make them: what provisioning applies (the same steps, from the
 * engine's {@link EngineBlueprint#phases}), what drift is measured against, and what {@code render} prints. The
 * generated Secret is left out: its values are random, created once and never re-applied.
 */
public final class StoreObjects {

    private StoreObjects() {
    }

    public static List<HasMetadata> all(StoreSpec store, WorkerConfig config) {
        return Phase.steps(store.blueprint().phases(store, config))
                .flatMap(step -> step.objects().stream())
                .filter(object -> !(object instanceof Secret))
                .toList();
    }

    /**
     * Objects written once and never re-applied: the Secret (re-generating it would lock the app out of its database),
     * Jobs (their pod template is immutable; a Job that must run again gets a new name) and the content volume's claim
     * (immutable once bound but for growing, which not every storage class can). Drift is a missing one, not a
     * different one.
     */
    public static boolean isCreatedOnce(HasMetadata object) {
        return object instanceof Secret || object instanceof Job || object instanceof PersistentVolumeClaim;
    }
}
