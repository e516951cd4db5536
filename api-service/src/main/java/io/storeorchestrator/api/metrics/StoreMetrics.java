package io.storeorchestrator.api.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.storeorchestrator.api.outbox.OutboxRepository;
import io.storeorchestrator.api.store.StoreQueries;
import io.storeorchestrator.common.domain.StoreStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Gauges for Prometheus: stores by status and the outbox backlog. Scrapes read a snapshot refreshed at most every
 * few seconds, so any number of scrapers costs the database two cheap queries per interval.
 */
@Singleton
public class StoreMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(StoreMetrics.class);
    static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final StoreQueries queries;
    private final OutboxRepository outbox;

    private Map<StoreStatus, Long> byStatus = new EnumMap<>(StoreStatus.class);
    private long outboxPending = -1;
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
            Gauge.builder("store_orchestrator.stores", this, m -> m.snapshot().getOrDefault(status, 0L))
                    .description("Stores by lifecycle status")
                    .tag("status", status.name())
                    .register(registry);
        }
        Gauge.builder("store_orchestrator.outbox.pending", this, m -> {
                    m.snapshot();
                    return m.outboxPending;
                })
                .description("Outbox rows not yet published to RabbitMQ")
                .register(registry);
    }

    private synchronized Map<StoreStatus, Long> snapshot() {
        if (!refreshed || System.nanoTime() - refreshedAtNanos > MAX_AGE.toNanos()) {
            refreshedAtNanos = System.nanoTime();
            refreshed = true;
            try {
                byStatus = queries.countByStatus();
                outboxPending = outbox.countPending();
            } catch (RuntimeException e) {
                // Keep the last values: a scrape must not fail because the database blinked.
                LOG.debug("could not refresh store metrics", e);
            }
        }
        return byStatus;
    }

}
