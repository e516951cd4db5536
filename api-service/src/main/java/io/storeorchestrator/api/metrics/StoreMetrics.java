package io.storeorchestrator.api.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.storeorchestrator.api.outbox.OutboxRepository;
import io.storeorchestrator.api.store.StoreQueries;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.metrics.PlatformMeters;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import static io.storeorchestrator.common.metrics.PlatformMetric.OUTBOX_OLDEST_PENDING_AGE;
import static io.storeorchestrator.common.metrics.PlatformMetric.OUTBOX_PENDING;
import static io.storeorchestrator.common.metrics.PlatformMetric.STORES;

/**
 * Gauges for Prometheus: stores by status and the outbox backlog (rows and the age of the oldest). Scrapes read a
 * snapshot refreshed at most every few seconds, so any number of scrapers costs the database two cheap queries per
 * interval.
 */
@Singleton
public class StoreMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(StoreMetrics.class);
    static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final StoreQueries queries;
    private final OutboxRepository outbox;

    private Map<StoreStatus, Long> byStatus = new EnumMap<>(StoreStatus.class);
    private OutboxRepository.Backlog backlog = new OutboxRepository.Backlog(0, 0);
    private long refreshedAtNanos;
    private boolean refreshed;

    public StoreMetrics(MeterRegistry registry, StoreQueries queries, OutboxRepository outbox) {
        this.registry = registry;
        this.queries = queries;
        this.outbox = outbox;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        for (StoreStatus status : StoreStatus.values()) {
            PlatformMeters.gauge(registry, STORES, this, m -> m.snapshot().getOrDefault(status, 0L),
                    "status", status.name());
        }
        PlatformMeters.gauge(registry, OUTBOX_PENDING, this, m -> {
            m.snapshot();
            return m.backlog.pending();
        });
        PlatformMeters.gauge(registry, OUTBOX_OLDEST_PENDING_AGE, this, m -> {
            m.snapshot();
            return m.backlog.oldestAgeSeconds();
        });
    }

    private synchronized Map<StoreStatus, Long> snapshot() {
        if (!refreshed || System.nanoTime() - refreshedAtNanos > MAX_AGE.toNanos()) {
            refreshedAtNanos = System.nanoTime();
            refreshed = true;
            try {
                byStatus = queries.countByStatus();
                backlog = outbox.backlog();
            } catch (RuntimeException e) {
                // Keep the last values: a scrape must not fail because the database blinked.
                LOG.debug("could not refresh store metrics", e);
            }
        }
        return byStatus;
    }
}
