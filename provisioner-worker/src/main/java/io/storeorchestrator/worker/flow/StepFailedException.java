package io.storeorchestrator.worker.flow;

/** A step failed in a way waiting cannot fix; the store becomes FAILED with {@link #reason()} as statusReason. */
public final class StepFailedException extends RuntimeException {

    private final String step;

    public StepFailedException(String step, String reason) {
        super(reason);
        this.step = step;
    }

    public String step() {
        return step;
    }

    public String reason() {
        return getMessage();
    }
}
