package io.storeorchestrator.common.messaging;

/** A message that can never be processed; consumers dead-letter it instead of retrying. */
public final class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message) {
        super(message);
    }
}
