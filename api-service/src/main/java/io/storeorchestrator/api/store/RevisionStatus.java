package io.storeorchestrator.api.store;

/** Where a store revision is ({@code store_revisions.status}). */
public enum RevisionStatus {
    /** Accepted; being applied. */
    PENDING,
    /** It served. It stays READY afterwards, as history and as a target for a rollback. */
    READY,
    /** Applying it failed; the revision's reason says why. */
    FAILED,
    /** A newer intent (an update, a rollback, a delete) replaced it before it finished. */
    SUPERSEDED
}
