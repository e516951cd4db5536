package io.storeorchestrator.api.outbox;

import io.storeorchestrator.common.messaging.OutgoingMessage;

/** An unpublished outbox row claimed by the relay. */
public record OutboxEntry(long id, OutgoingMessage message) {
}
