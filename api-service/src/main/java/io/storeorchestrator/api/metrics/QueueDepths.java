package io.storeorchestrator.api.metrics;

import com.rabbitmq.client.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.common.metrics.PlatformMeters;
import io.storeorchestrator.common.metrics.PlatformMetric;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * {@code store_orchestrator_queue_messages{queue}}: messages ready in the platform's four queues, as RabbitMQ answers
 * a passive declare. Asked at most every {@link #MAX_AGE}, and only when scraped, on a thread of its own, so a scrape
 * never waits for a broker that does not answer: it reads the last values (NaN until the broker first answered, and
 * again once it stopped answering). The label is the queue's name without the topology prefix.
 */
@Singleton
public class QueueDepths {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDepths.class);
    static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final RabbitConnector connector;
    private final MeterRegistry registry;
    /** Label (the standard name) → the queue's name in this installation. */
    private final Map<String, String> queues = new LinkedHashMap<>();
    private final Map<String, Double> depths = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("queue-depths").daemon().factory());
    private volatile long refreshedAtNanos;
    private volatile boolean everRefreshed;

    public QueueDepths(RabbitConnector connector, MeterRegistry registry) {
        this.connector = connector;
        this.registry = registry;
        Topology standard = Topology.standard();
        Topology ours = connector.topology();
        for (Function<Topology, String> queue : java.util.List.<Function<Topology, String>>of(Topology::commandsQueue,
                Topology::eventsQueue, Topology::deadCommandsQueue, Topology::deadEventsQueue)) {
            queues.put(queue.apply(standard), queue.apply(ours));
        }
    }

    @EventListener
    void onStartup(StartupEvent event) {
        queues.keySet().forEach(label -> PlatformMeters.gauge(registry, PlatformMetric.QUEUE_MESSAGES, this,
                q -> q.depth(label), "queue", label));
        refreshSoon();
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }

    /**
     * The last depth read of a queue, by its standard name ({@code store.commands}, {@code store.commands.dead}, …);
     * empty while the broker cannot be asked. Never waits for the broker: a stale value asks it again in the
     * background.
     */
    public java.util.OptionalLong messages(String label) {
        double depth = depth(label);
        return Double.isNaN(depth) ? java.util.OptionalLong.empty() : java.util.OptionalLong.of((long) depth);
    }

    private double depth(String label) {
        if (!everRefreshed || System.nanoTime() - refreshedAtNanos > MAX_AGE.toNanos()) {
            refreshSoon();
        }
        return depths.getOrDefault(label, Double.NaN);
    }

    private void refreshSoon() {
        if (refreshing.compareAndSet(false, true)) {
            try {
                refresher.execute(this::refresh);
            } catch (RuntimeException e) {
                refreshing.set(false); // shutting down
            }
        }
    }

    /** Asks the broker for every queue's depth; a queue it cannot tell about reads NaN. */
    void refresh() {
        try (Channel channel = connector.openChannel()) {
            for (Map.Entry<String, String> queue : queues.entrySet()) {
                depths.put(queue.getKey(), (double) channel.queueDeclarePassive(queue.getValue()).getMessageCount());
            }
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            // The broker is away, or a queue is missing (which closes the channel): unknown until it answers.
            queues.keySet().forEach(label -> depths.put(label, Double.NaN));
            LOG.debug("could not read the queue depths: {}", e.toString());
        } finally {
            refreshedAtNanos = System.nanoTime();
            everRefreshed = true;
            refreshing.set(false);
        }
    }
}
