package io.storeorchestrator.api.backup;

/** Where a backup is: its Job runs, or it ended. */
public enum BackupStatus {
    RUNNING,
    /** Its dump is in object storage; a restore may use it. */
    SUCCEEDED,
    /** Its Job failed, or its dump never reached object storage; {@code reason} says why. */
    FAILED
}
