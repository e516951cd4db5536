package io.storeorchestrator.common.domain;

/** A lifecycle move the state machine refuses; the API turns it into 409 INVALID_STATE_TRANSITION. */
public final class IllegalTransitionException extends RuntimeException {

    private final StoreStatus from;
    private final StoreStatus to;

    public IllegalTransitionException(StoreStatus from, StoreStatus to) {
        super("A store that is " + from + " cannot become " + to);
        this.from = from;
        this.to = to;
    }

    public StoreStatus from() {
        return from;
    }

    public StoreStatus to() {
        return to;
    }
}
