package io.storeorchestrator.api.stream;

import io.micronaut.http.sse.Event;
import io.storeorchestrator.api.tenant.TenantScope;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's stream: the events it may see, in a bounded buffer, handed to the HTTP server as it asks for them
 * (Reactive Streams demand). An idle client costs this object and its connection: no thread, no database connection.
 * A client that lets {@code capacity} events pile up is disconnected (its response ends); it resumes with
 * {@code Last-Event-ID}, from the database.
 *
 * <p>While a resume is replayed, live changes are held aside and follow the replay, so a client sees ids in increasing
 * order; a change at or below the last id it was given is dropped as already seen.
 */
final class ClientStream implements Publisher<Event<String>>, Subscription {

    /** Why a stream ended. */
    enum End { CANCELLED, OVERFLOW, SHUTDOWN, NEVER_SUBSCRIBED }

    /** Told once, when the stream ends, never under the stream's lock. */
    interface Listener {
        void ended(ClientStream stream, End why);
    }

    private final TenantScope scope;
    private final int capacity;
    private final Listener listener;
    private final long openedAtNanos = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();

    // Guarded by this.
    private final ArrayDeque<Event<String>> queue = new ArrayDeque<>();
    private List<StoreChange> heldDuringReplay;
    private Subscriber<? super Event<String>> subscriber;
    private long demand;
    private long lastId;
    /** No more events: the completion follows what is queued (nothing, once it ended early). */
    private boolean complete;
    /** The subscriber cancelled, or was sent its terminal signal: it gets nothing more. */
    private boolean finished;
    private boolean draining;

    /**
     * @param position  the last change id this client needs no more: live changes up to it are dropped
     * @param replaying whether {@link #replayed} comes before live changes flow
     */
    ClientStream(TenantScope scope, int capacity, long position, boolean replaying, Listener listener) {
        this.scope = scope;
        this.capacity = capacity;
        this.listener = listener;
        this.lastId = position;
        this.heldDuringReplay = replaying ? new ArrayList<>() : null;
    }

    TenantScope scope() {
        return scope;
    }

    /** A change from the hub: queued if the client may see it and has not yet. */
    void offer(StoreChange change) {
        if (change.event() == null || !scope.permits(change.tenantId())) {
            return;
        }
        End end;
        synchronized (this) {
            if (complete || change.id() <= lastId) {
                return;
            }
            if (heldDuringReplay != null) {
                end = heldDuringReplay.size() < capacity ? null : overflow();
                if (end == null) {
                    heldDuringReplay.add(change);
                }
            } else {
                lastId = change.id();
                end = enqueue(change.event());
            }
        }
        after(end);
    }

    /**
     * Ends the replay: the replayed events (a reset, or the changes the client missed, in id order), then what
     * arrived live meanwhile.
     *
     * @param upTo the last change id the replay covers
     */
    void replayed(List<Event<String>> events, long upTo) {
        End end = null;
        synchronized (this) {
            if (complete) {
                return;
            }
            lastId = Math.max(lastId, upTo);
            List<StoreChange> live = heldDuringReplay == null ? List.of() : heldDuringReplay;
            heldDuringReplay = null;
            for (int i = 0; i < events.size() && end == null; i++) {
                end = enqueue(events.get(i));
            }
            for (int i = 0; i < live.size() && end == null; i++) {
                StoreChange change = live.get(i);
                if (change.id() > lastId) {
                    lastId = change.id();
                    end = enqueue(change.event());
                }
            }
        }
        after(end);
    }

    /** A comment line: keeps the connection open through proxies, and finds clients that are gone. */
    void heartbeat() {
        End end;
        synchronized (this) {
            if (complete) {
                return;
            }
            end = enqueue(StreamEvents.HEARTBEAT);
        }
        after(end);
    }

    /** Ends a stream the server never subscribed to within {@code graceNanos} (its request failed after it opened). */
    boolean endIfUnsubscribed(long graceNanos, long nowNanos) {
        synchronized (this) {
            if (subscriber != null || complete || nowNanos - openedAtNanos < graceNanos) {
                return false;
            }
            complete = true;
            finished = true;
            queue.clear();
        }
        end(End.NEVER_SUBSCRIBED);
        return true;
    }

    /** Ends the stream from the server's side (shutdown): the response completes. */
    void close() {
        synchronized (this) {
            if (complete) {
                return;
            }
            complete = true;
            queue.clear();
            heldDuringReplay = null;
        }
        after(End.SHUTDOWN);
    }

    synchronized int buffered() {
        return queue.size() + (heldDuringReplay == null ? 0 : heldDuringReplay.size());
    }

    boolean isEnded() {
        return ended.get();
    }

    @Override
    public void subscribe(Subscriber<? super Event<String>> s) {
        boolean taken;
        synchronized (this) {
            taken = subscriber != null || finished;
            if (!taken) {
                subscriber = s;
            }
        }
        if (taken) {
            s.onSubscribe(NOTHING);
            s.onError(new IllegalStateException("a store stream has one subscriber"));
            return;
        }
        s.onSubscribe(this);
        drain();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            Subscriber<? super Event<String>> s;
            synchronized (this) {
                s = finished ? null : subscriber;
                complete = true;
                finished = true;
                queue.clear();
            }
            end(End.CANCELLED);
            if (s != null) {
                s.onError(new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)"));
            }
            return;
        }
        synchronized (this) {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        }
        drain();
    }

    @Override
    public void cancel() {
        synchronized (this) {
            complete = true;
            finished = true;
            queue.clear();
            heldDuringReplay = null;
        }
        end(End.CANCELLED);
    }

    /** Queues one event; the end when the buffer was full (the caller holds the lock). */
    private End enqueue(Event<String> event) {
        if (queue.size() >= capacity) {
            return overflow();
        }
        queue.add(event);
        return null;
    }

    /** Gives up on a client that does not keep up: what it missed stays in the database for its resume. */
    private End overflow() {
        complete = true;
        queue.clear();
        heldDuringReplay = null;
        return End.OVERFLOW;
    }

    /** Outside the lock: tells the listener if the stream just ended, and emits what can be emitted. */
    private void after(End end) {
        if (end != null) {
            end(end);
        }
        drain();
    }

    private void end(End why) {
        if (ended.compareAndSet(false, true)) {
            listener.ended(this, why);
        }
    }

    /**
     * Hands queued events to the subscriber while it has demand, then the completion once the stream is complete.
     * One thread emits at a time (Reactive Streams rule 1.3): a thread that finds another emitting returns, and the
     * emitting one sees its events when it looks again under the lock.
     */
    private void drain() {
        synchronized (this) {
            if (draining) {
                return;
            }
            draining = true;
        }
        while (true) {
            Subscriber<? super Event<String>> s;
            Event<String> next = null;
            synchronized (this) {
                s = subscriber;
                if (s == null || finished) {
                    draining = false;
                    return;
                }
                if (demand > 0 && !queue.isEmpty()) {
                    next = queue.poll();
                    demand--;
                } else if (complete && queue.isEmpty()) {
                    finished = true;
                    draining = false;
                } else {
                    draining = false;
                    return;
                }
            }
            if (next == null) {
                s.onComplete();
                return;
            }
            s.onNext(next);
        }
    }

    private static final Subscription NOTHING = new Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };
}
