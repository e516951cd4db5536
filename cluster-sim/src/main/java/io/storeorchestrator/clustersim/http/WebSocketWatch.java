package io.storeorchestrator.clustersim.http;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.storeorchestrator.clustersim.store.StoreEvent;
import io.storeorchestrator.clustersim.store.WatchHistory;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A watch over a WebSocket, as Fabric8 watches and informers open them: changes stream to the client as they
 * happen, for as long as the connection lasts.
 *
 * <p>It has no thread of its own, so idle watches cost nothing but their connection. Everything it does runs on the
 * Vert.x event loop that owns its connection: store writes hand events over with {@code runOnContext}, which keeps
 * them in order and never blocks the writer, and sends made on the event loop do not wait for the socket (unlike
 * Fabric8's own mock watches, which keep a thread per watch and block it on every send).
 */
final class WebSocketWatch extends WebSocketListener implements WatchHistory.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketWatch.class);
    private static final int NORMAL_CLOSURE = 1000;
    private static final int GOING_AWAY = 1001;
    private static final int INTERNAL_ERROR = 1011;

    private final WatchRequest watch;
    private final Watches watches;
    private final Duration startDelay;
    private final Duration bookmarkInterval;
    // Set in onOpen, then read and changed only on the connection's event loop.
    private Context context;
    private WebSocket socket;
    private WatchHistory.Subscription subscription;
    private final List<Long> timers = new ArrayList<>();
    private boolean closed;

    /** @param startDelay the API latency: the first events arrive that long after the watch opens */
    WebSocketWatch(WatchRequest watch, Watches watches, Duration startDelay, Duration bookmarkInterval) {
        this.watch = watch;
        this.watches = watches;
        this.startDelay = startDelay;
        this.bookmarkInterval = bookmarkInterval;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        context = Objects.requireNonNull(Vertx.currentContext(), "WebSocket opened off the event loop");
        socket = webSocket;
        watches.opened(this);
        if (startDelay.isZero()) {
            start();
        } else {
            timers.add(context.owner().setTimer(Math.max(1, startDelay.toMillis()), id -> start()));
        }
    }

    private void start() {
        if (closed) {
            return;
        }
        try {
            follow();
        } catch (RuntimeException e) {
            // Closed rather than left open and silent: the client sees the watch end and watches again.
            LOG.error("Could not start the watch on {}", watch.filter(), e);
            close(INTERNAL_ERROR, "internal error");
        }
    }

    /** Sends the current state if asked, then follows the history from the watch's version. */
    private void follow() {
        WatchEvents events = watches.events();
        Watches.Start start = watches.start(watch);
        start.current().forEach(object -> send(events.change("ADDED", object, watch)));
        if (watch.sendInitialEvents()) {
            send(events.bookmark(watch, start.from(), true));
        }
        // The backlog reaches event() through runOnContext, so it queues behind what was just sent.
        Optional<WatchHistory.Subscription> subscribed =
                watches.history().subscribe(start.from(), watch.filter(), this);
        if (subscribed.isEmpty()) {
            send(WatchEvents.expired());
            close(NORMAL_CLOSURE, "too old resource version");
            return;
        }
        subscription = subscribed.get();
        Vertx vertx = context.owner();
        if (watch.bookmarks()) {
            timers.add(vertx.setPeriodic(Math.max(1, bookmarkInterval.toMillis()), id -> subscription.bookmark()));
        }
        if (watch.timeoutSeconds() > 0) {
            timers.add(vertx.setTimer(watch.timeoutSeconds() * 1000,
                    id -> close(NORMAL_CLOSURE, "watch timeout reached")));
        }
    }

    @Override
    public void event(StoreEvent event) {
        context.runOnContext(v -> send(watches.events().change(event.type().name(), event.object(), watch)));
    }

    @Override
    public void bookmark(long resourceVersion) {
        context.runOnContext(v -> send(watches.events().bookmark(watch, resourceVersion, false)));
    }

    /** The client ends the watch: answer its close frame. */
    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        close(NORMAL_CLOSURE, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        end();
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
        end();
    }

    /** Ends the watch from the server's side; the client is expected to watch again from the last version it saw. */
    void drop() {
        context.runOnContext(v -> close(GOING_AWAY, "cluster-sim dropped the watch"));
    }

    private void send(String text) {
        if (!closed) {
            socket.send(text);
        }
    }

    private void close(int code, String reason) {
        if (end()) {
            socket.close(code, reason);
        }
    }

    /** Stops following the history; false when the watch had already ended. */
    private boolean end() {
        if (closed) {
            return false;
        }
        closed = true;
        timers.forEach(context.owner()::cancelTimer);
        if (subscription != null) {
            subscription.cancel();
        }
        watches.closed(this);
        return true;
    }
}
