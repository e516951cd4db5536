package io.storeorchestrator.worker.flow;

/** How a command's delivery ended; decides how it is settled and the metrics outcome tag. */
public enum CommandResult {
    READY(Settlement.ACK),
    FAILED(Settlement.ACK),
    /** An update failed; ROLLING_BACK was reported and its automatic rollback sent, in one confirm. */
    ROLLING_BACK(Settlement.ACK),
    /** An automatic rollback brought the store back to its last READY revision. */
    ROLLED_BACK(Settlement.ACK),
    /** An automatic rollback failed too: the store is FAILED. */
    ROLLBACK_FAILED(Settlement.ACK),
    DELETED(Settlement.ACK),
    /** A DOMAINS command converged the store's custom-domain objects (issue 11). */
    APPLIED(Settlement.ACK),
    SUPERSEDED(Settlement.ACK),
    ALREADY_DONE(Settlement.ACK),
    UNKNOWN_STORE(Settlement.ACK),
    /** Waiting (for readiness, a namespace, another command's lease): handed to a wait queue, holding nothing. */
    PARKED(Settlement.ACK),
    /** Not finished and not lost: back onto the queue for this or another worker. */
    REQUEUED(Settlement.REQUEUE),
    /** Gave up for good after too many deliveries; the dead-letter queue keeps it for a person. */
    DEAD_LETTERED(Settlement.REJECT);

    /** What happens to the delivery. */
    public enum Settlement { ACK, REQUEUE, REJECT }

    private final Settlement settlement;

    CommandResult(Settlement settlement) {
        this.settlement = settlement;
    }

    public Settlement settlement() {
        return settlement;
    }
}
