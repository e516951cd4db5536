package io.storeorchestrator.api.stream;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.sse.Event;

import java.util.UUID;

/**
 * One row of {@code store_changes}, ready to send: its event is framed once and the same instance goes to every
 * client that may see it.
 *
 * @param id       the change's sequence number, the stream's event id
 * @param tenantId the store's tenant (null: the platform admin's), which decides who sees it
 * @param event    {@code id: …, event: store, data: <StoreView>}; null when the store row is gone (nothing to send)
 */
public record StoreChange(long id, @Nullable UUID tenantId, @Nullable Event<String> event) {
}
