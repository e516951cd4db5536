package io.storeorchestrator.clustersim.http;

import io.storeorchestrator.clustersim.store.FieldSelector;
import io.storeorchestrator.clustersim.store.LabelSelector;
import io.storeorchestrator.clustersim.store.WatchFilter;

/**
 * What a {@code ?watch=true} request asks for.
 *
 * @param resourceVersion   the version to start after, as sent ({@code ""} or {@code "0"}: start with the current
 *                          state)
 * @param sendInitialEvents the watch-list protocol: the current state first, then a BOOKMARK marking its end
 * @param bookmarks         {@code allowWatchBookmarks}: the client accepts BOOKMARK events
 * @param timeoutSeconds    how long the server keeps the watch open, 0 for as long as the client wants
 */
record WatchRequest(WatchFilter filter, String resourceVersion, boolean sendInitialEvents, boolean bookmarks,
                    long timeoutSeconds, boolean table, String includeObject) {

    static WatchRequest from(ApiRequest request, ResourcePath path) {
        WatchFilter filter = new WatchFilter(path.type(), path.namespace(), path.name(),
                LabelSelector.parse(request.param("labelSelector")),
                FieldSelector.parse(request.param("fieldSelector")));
        WatchRequest watch = new WatchRequest(filter, request.param("resourceVersion"),
                request.flag("sendInitialEvents"), request.flag("allowWatchBookmarks"),
                request.intParam("timeoutSeconds"), request.wantsTable(), request.param("includeObject"));
        if (!watch.startsWithCurrentState()) {
            // Refused now, as a 400, rather than after a WebSocket upgrade has been granted.
            watch.fromVersion();
        }
        return watch;
    }

    /** A watch with no version starts with the current state, as synthetic ADDED events. */
    boolean startsWithCurrentState() {
        return sendInitialEvents || resourceVersion.isEmpty() || resourceVersion.equals("0");
    }

    long fromVersion() {
        try {
            return Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid resourceVersion: " + resourceVersion, e);
        }
    }
}
