package io.storeorchestrator.api.stream;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.sse.Event;

import java.util.UUID;

/**
 * One row of {@code store_changes}, ready to send: its event is framed once and the same instance goes to every
 * client that may see it. While a replica has no stream client, changes are read without their store and never
 * rendered ({@link #unread}): what nobody receives costs no JSON.
 *
 * @param id       the change's sequence number, the stream's event id
 * @param tenantId the store's tenant (null: the platform admin's), which decides who sees it
 * @param event    {@code id: …, event: store, data: <StoreView>}; null when the store row is gone (nothing to send),
 *                 or when the store was not read
 * @param storeId  the store that changed, when it was not read; null once it was
 */
public record StoreChange(long id, @Nullable UUID tenantId, @Nullable Event<String> event, @Nullable UUID storeId) {

    public StoreChange(long id, @Nullable UUID tenantId, @Nullable Event<String> event) {
        this(id, tenantId, event, null);
    }

    /** A change whose store was not read: {@link ChangeFeed#render} reads it if a client turns up before it is sent. */
    static StoreChange unread(long id, @Nullable UUID tenantId, UUID storeId) {
        return new StoreChange(id, tenantId, null, storeId);
    }

    boolean isUnread() {
        return storeId != null;
    }
}
