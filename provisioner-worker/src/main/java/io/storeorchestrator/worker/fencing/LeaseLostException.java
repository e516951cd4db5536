package io.storeorchestrator.worker.fencing;

/** The store's lease expired, was taken over, or could not be renewed: stop and let the command be redelivered. */
public final class LeaseLostException extends RuntimeException {

    public LeaseLostException(String message) {
        super(message);
    }

    public LeaseLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
