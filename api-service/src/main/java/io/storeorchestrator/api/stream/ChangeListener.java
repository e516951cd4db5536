package io.storeorchestrator.api.stream;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * This replica's one LISTEN on {@code store_changes}, on a connection of its own outside the pool, served by one
 * platform thread: woken by a NOTIFY (or every {@link #IDLE_READ}), it reads every change after the last it saw in
 * one statement per burst (on a pooled connection) and hands them to the {@link StreamHub} in id order
 * ({@link ChangeOrder}). If the database goes away it reconnects with backoff and catches up from the last id it
 * handed out, so a restart loses nothing a client can see.
 */
@Singleton
public class ChangeListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
    static final String CHANNEL = "store_changes";
    /** Read even without a NOTIFY this often: a backstop that costs one indexed statement. */
    static final Duration IDLE_READ = Duration.ofSeconds(5);
    /** While a gap is awaited, look again this soon: a rolled-back write sends no NOTIFY. */
    static final Duration GAP_READ = Duration.ofMillis(50);
    /** A LISTEN connection quiet this long is asked whether it is still there. */
    static final Duration LIVENESS_CHECK = Duration.ofSeconds(30);
    static final Duration MIN_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ChangeFeed feed;
    private final StreamHub hub;
    private final String url;
    private final String user;
    private final String password;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean listening;
    private volatile Connection connection;
    private ChangeOrder order;

    public ChangeListener(ChangeFeed feed, StreamHub hub, @Value("${datasources.default.url}") String url,
                          @Value("${datasources.default.username:}") @Nullable String user,
                          @Value("${datasources.default.password:}") @Nullable String password) {
        this.feed = feed;
        this.hub = hub;
        this.url = url;
        this.user = user;
        this.password = password;
        this.thread = Thread.ofPlatform().name("store-changes-listener").daemon().unstarted(this::run);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        thread.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close(); // wakes a getNotifications that waits on the socket
            } catch (SQLException e) {
                LOG.debug("closing the LISTEN connection: {}", e.toString());
            }
        }
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the LISTEN connection is up (tests wait for it). */
    public boolean listening() {
        return listening;
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        while (running) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement listen = c.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                if (order == null) {
                    // After LISTEN, so a change committed from here on is both read and notified.
                    long start = feed.latest();
                    order = new ChangeOrder(start, ChangeOrder.GAP_TIMEOUT);
                    hub.start(start);
                }
                listening = true;
                backoff = MIN_BACKOFF;
                pump(); // what happened while it was away
                PGConnection pg = c.unwrap(PGConnection.class);
                long checkedAt = System.nanoTime();
                while (running) {
                    long wait = order.gaps().isEmpty() ? IDLE_READ.toMillis() : GAP_READ.toMillis();
                    // The payloads do not matter: everything after the last id is read.
                    var notifications = pg.getNotifications((int) wait);
                    if (notifications != null && notifications.length > 0) {
                        checkedAt = System.nanoTime();
                    } else if (System.nanoTime() - checkedAt > LIVENESS_CHECK.toNanos()) {
                        // A connection cut without a reset would otherwise wait for notifications forever.
                        if (!c.isValid(5)) {
                            throw new SQLException("the LISTEN connection does not answer");
                        }
                        checkedAt = System.nanoTime();
                    }
                    pump();
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                LOG.warn("store change listener lost the database ({}); reconnecting in {} ms", e.toString(),
                        backoff.toMillis());
                if (!sleep(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                connection = null;
            }
        }
    }

    /** Reads until a read comes back short, handing out what may go out at each. */
    private void pump() {
        while (true) {
            // Without a client on this replica nobody receives the stores: read the changes alone.
            ChangeFeed.Batch batch = feed.read(order.readPosition(), order.gaps(), hub.clients() > 0);
            List<StoreChange> released = order.accept(batch.changes(), batch.xmin(), batch.xmax(), System.nanoTime());
            hub.publish(released, order.releasedPosition(), feed::render);
            if (batch.changes().size() < ChangeFeed.BATCH) {
                return;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        if (user != null && !user.isEmpty()) {
            props.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "api-store-changes");
        props.setProperty("connectTimeout", "5");
        // The LISTEN connection waits in getNotifications; a socket timeout would only break that wait.
        return DriverManager.getConnection(url, props);
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
