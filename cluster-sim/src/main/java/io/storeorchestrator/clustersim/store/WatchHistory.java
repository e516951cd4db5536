package io.storeorchestrator.clustersim.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The most recent store events, so a watch can resume from a resourceVersion, and the feed of new events to the
 * watches that are open. Like etcd compaction, events older than the window are forgotten and a watch from before
 * them gets "410 Gone".
 *
 * <p>The store appends under its write lock, so the history is in resourceVersion order. Subscribers are fed under
 * this object's lock, in that order, and a subscription's backlog and its live events meet with no gap and no
 * duplicate: that is what lets a watch promise "every change after version N, once, in order".
 */
public final class WatchHistory {

    private static final Logger LOG = LoggerFactory.getLogger(WatchHistory.class);

    /** Where a subscription's events go. Called under the history's lock and the store's write lock: never blocks. */
    public interface Sink {

        void event(StoreEvent event);

        /** Every event up to {@code resourceVersion} that concerns the subscription has been passed on. */
        void bookmark(long resourceVersion);
    }

    /**
     * The events after a version that a filter selects.
     *
     * @param upTo the version the backlog is complete up to (the latest change, whether selected or not)
     */
    public record Backlog(List<StoreEvent> events, long upTo) {
    }

    private final int capacity;
    private final Deque<StoreEvent> events = new ArrayDeque<>();
    /** By type, so a write only looks at the watches on its own kind; copy-on-write so a sink may cancel itself. */
    private final Map<ResourceType, Set<Subscription>> subscriptions = new HashMap<>();
    private long forgottenUpTo;
    private long latest;

    public WatchHistory(int capacity) {
        this.capacity = capacity;
    }

    synchronized void append(StoreEvent event) {
        events.addLast(event);
        latest = event.resourceVersion();
        if (events.size() > capacity) {
            forgottenUpTo = events.removeFirst().resourceVersion();
        }
        for (Subscription subscription : subscriptions.getOrDefault(event.key().type(), Set.of())) {
            subscription.filter.apply(event).ifPresent(subscription::deliver);
        }
    }

    /** Events after {@code resourceVersion} that the filter selects; empty when that version is no longer known. */
    public synchronized Optional<Backlog> since(long resourceVersion, WatchFilter filter) {
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
            filter.apply(event).ifPresent(result::add);
        }
        return Optional.of(new Backlog(result.reversed(), latest));
    }

    /**
     * Passes the sink the selected events after {@code resourceVersion}, then every new one as it happens, until
     * cancelled. Empty (and nothing passed) when that version is no longer known.
     */
    public synchronized Optional<Subscription> subscribe(long resourceVersion, WatchFilter filter, Sink sink) {
        Optional<Backlog> backlog = since(resourceVersion, filter);
        if (backlog.isEmpty()) {
            return Optional.empty();
        }
        Subscription subscription = new Subscription(filter, sink);
        backlog.get().events().forEach(subscription::deliver);
        subscriptions.computeIfAbsent(filter.type(), t -> new CopyOnWriteArraySet<>()).add(subscription);
        return Optional.of(subscription);
    }

    /** One open watch's place in the feed. */
    public final class Subscription {

        private final WatchFilter filter;
        private final Sink sink;

        private Subscription(WatchFilter filter, Sink sink) {
            this.filter = filter;
            this.sink = sink;
        }

        /** Tells the sink how far the feed has got, in order with the events it was passed. */
        public void bookmark() {
            synchronized (WatchHistory.this) {
                sink.bookmark(latest);
            }
        }

        public void cancel() {
            synchronized (WatchHistory.this) {
                Set<Subscription> ofType = subscriptions.get(filter.type());
                if (ofType != null && ofType.remove(this) && ofType.isEmpty()) {
                    subscriptions.remove(filter.type());
                }
            }
        }

        /** A failing sink must not fail the write that fed it: the watch is dropped instead. */
        private void deliver(StoreEvent event) {
            try {
                sink.event(event);
            } catch (RuntimeException e) {
                LOG.debug("Dropping a watch whose sink failed", e);
                cancel();
            }
        }
    }
}
