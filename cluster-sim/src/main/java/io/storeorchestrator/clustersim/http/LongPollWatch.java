package io.storeorchestrator.clustersim.http;

import io.fabric8.mockwebserver.http.MockResponse;
import io.storeorchestrator.clustersim.store.StoreEvent;
import io.storeorchestrator.clustersim.store.WatchHistory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A plain-HTTP watch as long polling: the answer holds the events after the requested resourceVersion (from the
 * store's history) and ends; with nothing to report it waits a moment first. Watch clients (kubectl's reflectors,
 * {@code kubectl delete --wait}) simply re-watch from the last version they saw, so they see every event, a little
 * late. With {@code allowWatchBookmarks} the answer ends with a BOOKMARK at the latest version, so a selective
 * watch keeps up with the history window even when nothing it selects changes.
 */
final class LongPollWatch {

    private final Watches watches;
    private final Duration idleWait;

    LongPollWatch(Watches watches, Duration idleWait) {
        this.watches = watches;
        this.idleWait = idleWait;
    }

    MockResponse respond(WatchRequest watch) {
        WatchEvents events = watches.events();
        List<String> lines = new ArrayList<>();
        Watches.Start start = watches.start(watch);
        start.current().forEach(object -> lines.add(events.change("ADDED", object, watch)));
        if (watch.sendInitialEvents()) {
            lines.add(events.bookmark(watch, start.from(), true));
        }
        boolean quiet = start.current().isEmpty();
        Optional<WatchHistory.Backlog> backlog = watches.history().since(start.from(), watch.filter());
        if (backlog.isEmpty()) {
            lines.add(WatchEvents.expired());
            quiet = false;
        } else {
            long sent = start.from();
            for (StoreEvent event : backlog.get().events()) {
                lines.add(events.change(event.type().name(), event.object(), watch));
                sent = event.resourceVersion();
                quiet = false;
            }
            if (watch.bookmarks() && backlog.get().upTo() > sent) {
                lines.add(events.bookmark(watch, backlog.get().upTo(), false));
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String line : lines) {
            body.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            body.write('\n');
        }
        if (lines.isEmpty()) {
            body.write('\n');
        }
        MockResponse response = new MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setBody(body.toByteArray());
        return quiet ? response.setBodyDelay(idleWait) : response;
    }
}
