package io.storeorchestrator.clustersim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.store.ResourceType;

import java.util.List;

/**
 * One page of a list.
 *
 * @param continueToken where the next page starts, or null on the last page
 */
public record ObjectList(ResourceType type, List<ObjectNode> items, long resourceVersion, String continueToken,
                         int remainingItemCount) {
}
