package io.storeorchestrator.worker.fencing;

import io.storeorchestrator.common.domain.StoreStatus;

/**
 * What the API last wrote about a store: all a worker needs to know whether its command is still wanted.
 *
 * @param status     the store's status
 * @param generation the store's current intent
 */
public record StoreRow(StoreStatus status, long generation) {

    static StoreRow from(String status, long generation) {
        return new StoreRow(StoreStatus.valueOf(status), generation);
    }
}
