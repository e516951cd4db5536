package io.storeorchestrator.api.backup;

/** Why a backup was taken. */
public enum BackupKind {
    /** Asked for through the API. */
    MANUAL,
    /** Taken on the plan's schedule (not built yet: the column accepts it). */
    SCHEDULED,
    /** Taken by a restore before it touched anything, so a failed restore can put the store back. */
    PRE_RESTORE
}
