package io.storeorchestrator.api.store;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code store_revisions}: a configuration a store was asked to run. Immutable.
 *
 * @param revision   numbered per store from 1 (its creation)
 * @param generation the store generation of the intent that asked for it (creation, update, rollback, retry)
 * @param reason     why it exists ({@code update: version 6.5 → 6.6}); once FAILED, why it failed
 * @param readyAt    when it first served; null if it never did
 */
public record StoreRevision(UUID storeId, int revision, long generation, String version, String plan,
                            RevisionStatus status, @Nullable String reason, Instant createdAt,
                            @Nullable Instant readyAt) {

    /** A revision just asked for. */
    public static StoreRevision pending(StoreRow store, int revision, String plan, String version, String reason,
                                        Instant now) {
        return new StoreRevision(store.id(), revision, store.generation(), version, plan, RevisionStatus.PENDING,
                reason, now, null);
    }

    /** Revision 1 of a store just created. */
    public static StoreRevision first(StoreRow store) {
        return pending(store, 1, store.plan(), store.version(),
                "create: version " + store.version() + ", plan " + store.plan(), store.createdAt());
    }

    /** Whether it ever served: only such a revision is something to roll back to. */
    public boolean everReady() {
        return status == RevisionStatus.READY || readyAt != null;
    }

    public boolean sameConfigurationAs(String otherPlan, String otherVersion) {
        return plan.equals(otherPlan) && version.equals(otherVersion);
    }

    public String describe() {
        return "revision " + revision + " (version " + version + ", plan " + plan + ")";
    }

    public StoreRevision ready(Instant now) {
        return new StoreRevision(storeId, revision, generation, version, plan, RevisionStatus.READY, reason, createdAt,
                readyAt == null ? now : readyAt);
    }

    public StoreRevision failed(String why) {
        return new StoreRevision(storeId, revision, generation, version, plan, RevisionStatus.FAILED, why, createdAt,
                readyAt);
    }

    public StoreRevision superseded() {
        return new StoreRevision(storeId, revision, generation, version, plan, RevisionStatus.SUPERSEDED, reason,
                createdAt, readyAt);
    }

    /** A FAILED revision taken over by a retry: applied again, under the retry's generation. */
    public StoreRevision retried(long retryGeneration, String why) {
        return new StoreRevision(storeId, revision, retryGeneration, version, plan, RevisionStatus.PENDING, why,
                createdAt, readyAt);
    }
}
