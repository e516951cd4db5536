package io.storeorchestrator.clustersim.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * What one watch selects: a type, optionally one namespace and one name, and label and field selectors.
 *
 * @param namespace null for every namespace
 * @param name      null for every name
 */
public record WatchFilter(ResourceType type, String namespace, String name, LabelSelector labels,
                          FieldSelector fields) {

    /**
     * The event as this watch sees it, empty when it does not concern the watch. As on a real API server, an object
     * that changes into the selection is ADDED for the watch, and one that changes out of it is DELETED (in its last
     * selected state, at the event's resourceVersion), so a selected cache never keeps objects it no longer selects.
     */
    public Optional<StoreEvent> apply(StoreEvent event) {
        ObjectKey key = event.key();
        if (key.type() != type || (namespace != null && !key.namespace().equals(namespace))
                || (name != null && !key.name().equals(name))) {
            return Optional.empty();
        }
        boolean selectedNow = selects(event.object());
        if (event.type() != StoreEvent.Type.MODIFIED) {
            return selectedNow ? Optional.of(event) : Optional.empty();
        }
        boolean selectedBefore = selects(event.previous());
        if (selectedNow) {
            return Optional.of(selectedBefore ? event : new StoreEvent(StoreEvent.Type.ADDED, key, event.object(),
                    event.previous(), event.resourceVersion()));
        }
        if (!selectedBefore) {
            return Optional.empty();
        }
        ObjectNode last = event.previous().deepCopy();
        Meta.metadata(last).put("resourceVersion", Long.toString(event.resourceVersion()));
        return Optional.of(new StoreEvent(StoreEvent.Type.DELETED, key, last, event.previous(),
                event.resourceVersion()));
    }

    private boolean selects(ObjectNode object) {
        return (labels.isEverything() || labels.matches(Meta.labels(object))) && fields.matches(object);
    }
}
