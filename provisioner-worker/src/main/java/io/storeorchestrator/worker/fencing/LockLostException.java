package io.storeorchestrator.worker.fencing;

/** PostgreSQL stopped answering while a command held its store's lock; the command must stop and be requeued. */
public final class LockLostException extends RuntimeException {
    public LockLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
