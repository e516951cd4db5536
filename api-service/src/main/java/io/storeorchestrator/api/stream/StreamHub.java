package io.storeorchestrator.api.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.tenant.TenantScope;
import io.storeorchestrator.common.metrics.PlatformMeters;
import io.storeorchestrator.common.metrics.PlatformMetric;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The clients of this replica's store stream, and the fan-out to them: the {@link ChangeListener} hands it each burst
 * of changes in id order, and it offers every change to every client, each of which keeps what its scope may see. One
 * scheduler thread sends the heartbeats. The position is the last change id handed out: a stream opened now gets the
 * changes after it live, and a resume replays up to it from the database.
 */
@Singleton
public class StreamHub implements ClientStream.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);
    /** A stream the server has not subscribed to this long after it opened belongs to a request that failed. */
    static final Duration SUBSCRIBE_GRACE = Duration.ofMinutes(1);

    private final StreamConfig config;
    private final MeterRegistry registry;
    private final Set<ClientStream> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("stream-heartbeat").daemon().factory());
    /** Guarded by this: changes are handed out and streams opened one at a time, so none falls between. */
    private long position;
    private boolean started;

    public StreamHub(StreamConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        PlatformMeters.gauge(registry, PlatformMetric.STREAM_CLIENTS, open, AtomicInteger::get);
        long period = config.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
        clients.forEach(ClientStream::close);
    }

    /** Where the stream starts: the listener's first position, before it hands anything out. */
    synchronized void start(long position) {
        if (!started) {
            this.position = position;
            started = true;
        }
    }

    synchronized long position() {
        return position;
    }

    /**
     * Opens a stream for {@code scope}: 503 when this replica has as many as it may.
     *
     * @param resumeFrom the client's Last-Event-ID; null for a new stream, which starts at the current position
     * @return the stream, and the position a resume replays up to
     */
    Opened open(TenantScope scope, Long resumeFrom) {
        if (open.incrementAndGet() > config.maxClients()) {
            open.decrementAndGet();
            throw new ApiException(ErrorCode.STREAM_LIMIT_REACHED, "This API replica serves its maximum of "
                    + config.maxClients() + " streams; retry in a few seconds")
                    .withHeader("Retry-After", "5");
        }
        synchronized (this) {
            long from = resumeFrom == null ? position : resumeFrom;
            ClientStream stream = new ClientStream(scope, config.clientBuffer(), from, resumeFrom != null, this);
            clients.add(stream);
            return new Opened(stream, position);
        }
    }

    record Opened(ClientStream stream, long position) {
    }

    /** Hands out changes in id order; every one of them is at or below {@code upTo}, the new position. */
    synchronized void publish(List<StoreChange> changes, long upTo, UnaryOperator<List<StoreChange>> render) {
        // Read without their stores while there was no client; one opened since gets them rendered now, under the
        // lock that also registers streams, so none falls between the read and the hand-out.
        if (!clients.isEmpty() && changes.stream().anyMatch(StoreChange::isUnread)) {
            changes = render.apply(changes);
        }
        for (StoreChange change : changes) {
            for (ClientStream client : clients) {
                client.offer(change);
            }
        }
        position = Math.max(position, upTo);
    }

    int clients() {
        return open.get();
    }

    @Override
    public void ended(ClientStream stream, ClientStream.End why) {
        if (clients.remove(stream)) {
            open.decrementAndGet();
        }
        if (why == ClientStream.End.OVERFLOW) {
            LOG.debug("a stream client fell {} events behind and was disconnected", config.clientBuffer());
        }
    }

    private void beat() {
        long now = System.nanoTime();
        try {
            for (ClientStream client : clients) {
                if (!client.endIfUnsubscribed(SUBSCRIBE_GRACE.toNanos(), now)) {
                    client.heartbeat();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("stream heartbeat failed", e); // the next one runs anyway
        }
    }
}
