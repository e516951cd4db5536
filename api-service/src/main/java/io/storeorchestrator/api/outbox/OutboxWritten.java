package io.storeorchestrator.api.outbox;

/** Published inside an intent's transaction; the relay hears it after the commit and publishes at once. */
public record OutboxWritten(long outboxId) {
}
