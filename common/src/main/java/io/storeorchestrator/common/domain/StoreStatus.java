package io.storeorchestrator.common.domain;

/** Where a store is in its lifecycle. {@link StoreStateMachine} decides which moves are legal. */
public enum StoreStatus {
    QUEUED,
    PROVISIONING,
    READY,
    /** A READY store being moved to another version or plan (or back to an earlier revision). */
    UPDATING,
    FAILED,
    DELETING,
    DELETED,
    // Backups and restore (issue 11)
    /**
     * A READY store being restored from one of its backups: its state is backed up first, its app stopped, the dump
     * loaded by a Job, its app started again. Ends READY, restored or put back as it was.
     */
    RESTORING;

    /** A live store counts against quotas, holds its name and may still be deleted. */
    public boolean isLive() {
        return this != DELETED;
    }

    /** Provisioning work may still be in flight for a store in this state. */
    public boolean isProvisioning() {
        return this == QUEUED || this == PROVISIONING;
    }
}
