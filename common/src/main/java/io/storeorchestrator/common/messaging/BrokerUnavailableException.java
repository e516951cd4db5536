package io.storeorchestrator.common.messaging;

/** RabbitMQ could not be reached or did not confirm in time; the caller retries later, nothing is lost. */
public final class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
