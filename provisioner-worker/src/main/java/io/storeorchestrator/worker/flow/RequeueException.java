package io.storeorchestrator.worker.flow;

/** The command cannot finish now but must not be lost (worker stopping, teardown still running): requeue it. */
public final class RequeueException extends RuntimeException {
    public RequeueException(String message) {
        super(message);
    }
}
