package io.storeorchestrator.clustersim.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A change to the store, in the terms of a Kubernetes watch event.
 *
 * @param object   the object after the change (for DELETED: its last state, carrying the deletion's resourceVersion)
 * @param previous the object before the change, null for ADDED; a label-selected watch needs it to tell an object
 *                 leaving its selection (DELETED for that watch) from one changing inside it
 */
public record StoreEvent(Type type, ObjectKey key, ObjectNode object, ObjectNode previous, long resourceVersion) {

    public enum Type { ADDED, MODIFIED, DELETED }
}
