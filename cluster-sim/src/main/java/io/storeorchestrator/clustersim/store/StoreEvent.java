package io.storeorchestrator.clustersim.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A change to the store, in the terms of a Kubernetes watch event.
 *
 * @param object the object after the change (for DELETED: its last state, carrying the deletion's resourceVersion)
 */
public record StoreEvent(Type type, ObjectKey key, ObjectNode object, long resourceVersion) {

    public enum Type { ADDED, MODIFIED, DELETED }
}
