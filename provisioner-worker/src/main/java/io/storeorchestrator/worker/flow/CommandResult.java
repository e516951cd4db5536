package io.storeorchestrator.worker.flow;

/** How a command ended; decides the ack and the metrics outcome tag. */
public enum CommandResult {
    READY(true),
    FAILED(true),
    DELETED(true),
    SUPERSEDED(true),
    ALREADY_DONE(true),
    UNKNOWN_STORE(true),
    /** Not finished and not lost: back onto the queue for this or another worker. */
    REQUEUED(false);

    private final boolean ack;

    CommandResult(boolean ack) {
        this.ack = ack;
    }

    /** Whether the delivery is acked (false: nacked with requeue). */
    public boolean ack() {
        return ack;
    }
}
