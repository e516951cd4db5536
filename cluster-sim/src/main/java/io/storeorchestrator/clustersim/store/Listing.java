package io.storeorchestrator.clustersim.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Objects read in one go, and the resourceVersion of the store when they were read: a watch from that version sees
 * exactly the changes the listing does not hold.
 */
public record Listing(List<ObjectNode> items, long resourceVersion) {
}
