package io.storeorchestrator.worker.fencing;

import io.storeorchestrator.common.database.DatabaseFailures;

/** The store's lease expired, was taken over, or could not be renewed: stop and let the command be redelivered. */
public final class LeaseLostException extends RuntimeException {

    private final boolean databaseUnavailable;

    public LeaseLostException(String message) {
        super(message);
        this.databaseUnavailable = false;
    }

    public LeaseLostException(String message, Throwable cause) {
        super(message, cause);
        this.databaseUnavailable = DatabaseFailures.isUnavailable(cause);
    }

    /** The lease could not be asked about because PostgreSQL is down: it may well still be ours once it is back. */
    public boolean databaseUnavailable() {
        return databaseUnavailable;
    }
}
