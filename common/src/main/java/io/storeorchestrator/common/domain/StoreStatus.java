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
    DELETED;

    /** A live store counts against quotas, holds its name and may still be deleted. */
    public boolean isLive() {
        return this != DELETED;
    }

    /** Provisioning work may still be in flight for a store in this state. */
    public boolean isProvisioning() {
        return this == QUEUED || this == PROVISIONING;
    }
}
