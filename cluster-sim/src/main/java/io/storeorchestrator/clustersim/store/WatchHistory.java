package io.storeorchestrator.clustersim.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The most recent store events, so a watch can resume from a resourceVersion. Like etcd compaction, events older
 * than the window are forgotten and a watch from before them gets "410 Gone".
 */
public final class WatchHistory {

    private final int capacity;
    private final Deque<StoreEvent> events = new ArrayDeque<>();
    private long forgottenUpTo;

    public WatchHistory(int capacity) {
        this.capacity = capacity;
    }

    synchronized void append(StoreEvent event) {
        events.addLast(event);
        if (events.size() > capacity) {
            forgottenUpTo = events.removeFirst().resourceVersion();
        }
    }

    /** Events after {@code resourceVersion} that pass the filter; empty when that version is no longer known. */
    public synchronized Optional<List<StoreEvent>> since(long resourceVersion, Predicate<StoreEvent> filter) {
        if (resourceVersion < forgottenUpTo) {
            return Optional.empty();
        }
        List<StoreEvent> result = new ArrayList<>();
        var iterator = events.descendingIterator();
        while (iterator.hasNext()) {
            StoreEvent event = iterator.next();
            if (event.resourceVersion() <= resourceVersion) {
                break;
            }
            if (filter.test(event)) {
                result.add(event);
            }
        }
        return Optional.of(result.reversed());
    }
}
