package io.storeorchestrator.clustersim.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a write did.
 *
 * @param object the stored object after the write; for DELETED its last state; null for ABSENT
 */
public record WriteResult(Outcome outcome, ObjectNode object) {

    public enum Outcome { CREATED, UPDATED, UNCHANGED, DELETED, ABSENT }
}
