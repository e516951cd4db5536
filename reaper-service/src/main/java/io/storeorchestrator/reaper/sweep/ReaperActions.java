package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.reaper.config.ReaperConfig;
import io.storeorchestrator.reaper.store.AuditLog;
import io.storeorchestrator.reaper.store.StoreRow;

import jakarta.inject.Singleton;

import java.util.UUID;

/**
 * The one place every sweep acts through, so REAPER_DRY_RUN means the same everywhere: check the lease is still held,
 * then do the action, or, in a dry run, record what it would do in the audit log (once per action and target) and do
 * nothing; count it either way ({@code dry_run} says which).
 */
@Singleton
public class ReaperActions {

    /** What an action is about: a store, or a namespace no store owns. {@code key} names the target for dedupe. */
    public record Target(UUID storeId, String storeName, UUID tenantId, String key) {

        public static Target store(StoreRow store, String key) {
            return new Target(store.id(), store.name(), store.tenantId(), store.id() + ":" + key);
        }

        public static Target namespace(String namespace, String key) {
            return new Target(null, null, null, namespace + ":" + key);
        }
    }

    private final ReaperMetrics metrics;
    private final AuditLog audit;
    private final boolean dryRun;

    public ReaperActions(ReaperMetrics metrics, AuditLog audit, ReaperConfig config) {
        this.metrics = metrics;
        this.audit = audit;
        this.dryRun = config.dryRun();
    }

    public boolean dryRun() {
        return dryRun;
    }

    /**
     * @param action one of {@link ReaperMetrics#ACTION_NAMES}
     * @param what   what it does, for the dry run's audit row ("would " + what)
     * @throws SweepRun.LeadershipLostException when this replica no longer leads: nothing was done
     */
    public void perform(SweepRun run, String action, Target target, String what, Runnable effect) {
        run.checkLeading();
        if (dryRun) {
            audit.record(new AuditLog.Entry(AuditLog.DRY_RUN, target.storeId(), target.storeName(), target.tenantId(),
                    "would " + what, "dry-run:" + action + ":" + target.key()), run.now());
        } else {
            effect.run();
        }
        metrics.action(action);
    }

    /** A namespace the reaper deleted itself, recorded once (the API records what it asked the API to do). */
    public void recordDeletion(String namespace, String createdAt, String why, java.time.Instant at) {
        audit.record(new AuditLog.Entry(AuditLog.NAMESPACE_DELETED, null, null, null,
                "deleted orphaned namespace " + namespace + " (created " + createdAt + "): " + why,
                "namespace-deleted:" + namespace + ":" + createdAt), at);
    }
}
