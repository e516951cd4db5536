package io.storeorchestrator.common.messaging;

import io.storeorchestrator.common.domain.Engine;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A command from the API (through the outbox) or the reaper to the provisioner workers. Schema version 1.
 *
 * <p>{@code generation} fences the command: a worker runs it only while the store's generation in PostgreSQL is
 * still this one, so a command superseded by a delete or a retry stops at its next step.
 *
 * @param commandId  unique per command; redeliveries keep it
 * @param type       what to do
 * @param storeId    the store's immutable id
 * @param storeName  the store's name (its host label)
 * @param engine     the store's engine
 * @param generation the store generation this command was issued for
 * @param namespace  the store's namespace
 * @param host       the store's public host
 * @param deadline   when provisioning must have finished (PROVISION only; null for TEARDOWN)
 * @param issuedAt   when the command was issued
 */
public record StoreCommand(
        UUID commandId,
        CommandType type,
        UUID storeId,
        String storeName,
        Engine engine,
        long generation,
        String namespace,
        String host,
        Instant deadline,
        Instant issuedAt) {

    public StoreCommand {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(storeName, "storeName");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be positive");
        }
    }
}
