package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.common.messaging.ConfirmingPublisher;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.reaper.config.ReaperConfig;
import io.storeorchestrator.reaper.store.StoreReader;
import io.storeorchestrator.reaper.store.StoreRow;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Retention ({@link RetentionPolicy}), each kind off unless set: asks the API to delete the stores FAILED for longer
 * than REAPER_FAILED_RETENTION and to purge the rows of those DELETED for longer than REAPER_DELETED_RETENTION, oldest
 * first, at most REAPER_STORE_MAX_PER_SWEEP of each a sweep. Purges go out in one confirm per sweep: the API removes
 * them in one transaction per batch of events.
 */
@Singleton
public class RetentionSweep implements Sweep {

    public static final String NAME = "retention";

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);

    private final StoreReader stores;
    private final ConfirmingPublisher publisher;
    private final Topology topology;
    private final ReaperMetrics metrics;
    private final ReaperActions actions;
    private final Optional<Duration> failedRetention;
    private final Optional<Duration> deletedRetention;
    private final int cap;
    private final Duration resendAfter;
    private final ResendMemory requested = new ResendMemory();
    private final ResendMemory purged = new ResendMemory();

    public RetentionSweep(StoreReader stores, ConfirmingPublisher publisher, Topology topology, ReaperMetrics metrics,
                          ReaperActions actions, ReaperConfig config) {
        this.stores = stores;
        this.publisher = publisher;
        this.topology = topology;
        this.metrics = metrics;
        this.actions = actions;
        this.failedRetention = config.failedRetentionIfOn();
        this.deletedRetention = config.deletedRetentionIfOn();
        this.cap = config.storeMaxPerSweep();
        this.resendAfter = DeadlineSweep.resendAfter(config.interval());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(SweepRun run) {
        List<StoreRow> failed = failedRetention.map(age -> stores.failedBefore(run.now().minus(age), cap))
                .orElse(List.of());
        List<StoreRow> deleted = deletedRetention.map(age -> stores.deletedBefore(run.now().minus(age), cap))
                .orElse(List.of());
        metrics.counts(NAME, failed.size() + deleted.size(), failed.size() + deleted.size());
        requested.retainOnly(failed.stream().map(StoreRow::id).collect(Collectors.toSet()));
        purged.retainOnly(deleted.stream().map(StoreRow::id).collect(Collectors.toSet()));
        for (StoreRow store : failed) {
            if (!RetentionPolicy.failedTooLong(store, run.now(), failedRetention.orElseThrow())
                    || !requested.due(store.id(), store.generation(), run.now(), resendAfter)) {
                continue;
            }
            StoreEvent event = RetentionPolicy.deletion(store, run.now(), failedRetention.orElseThrow());
            actions.perform(run, ReaperMetrics.FAILED_RETENTION_DELETED, ReaperActions.Target.store(store,
                            "failed generation " + store.generation()), "delete store " + store.name() + ": "
                            + event.message(), () -> publisher.publish(OutgoingMessage.event(topology, event)));
            requested.record(store.id(), store.generation(), run.now());
            LOG.info("Store {} ({}) has been FAILED since {}: {}", store.name(), store.id(), store.failedSince(),
                    actions.dryRun() ? "dry run, would ask for its deletion" : "deletion requested");
        }
        List<OutgoingMessage> purges = new ArrayList<>();
        for (StoreRow store : deleted) {
            if (!RetentionPolicy.deletedTooLong(store, run.now(), deletedRetention.orElseThrow())
                    || !purged.due(store.id(), store.generation(), run.now(), resendAfter)) {
                continue;
            }
            StoreEvent event = RetentionPolicy.purge(store, run.now(), deletedRetention.orElseThrow());
            actions.perform(run, ReaperMetrics.DELETED_PURGED, ReaperActions.Target.store(store, "purge"),
                    "purge the rows of store " + store.name() + ": " + event.message(),
                    () -> purges.add(OutgoingMessage.event(topology, event)));
            purged.record(store.id(), store.generation(), run.now());
        }
        if (!purges.isEmpty()) {
            run.checkLeading();
            publisher.publishAll(purges);
        }
        if (!deleted.isEmpty()) {
            LOG.info("{} stores DELETED since before {}: {}", deleted.size(), run.now().minus(deletedRetention
                    .orElseThrow()), actions.dryRun() ? "dry run, would ask for their purge" : "purge requested");
        }
    }
}
