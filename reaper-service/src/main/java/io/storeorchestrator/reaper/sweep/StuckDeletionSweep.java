package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.common.messaging.ConfirmingPublisher;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.reaper.config.ReaperConfig;
import io.storeorchestrator.reaper.store.StoreReader;
import io.storeorchestrator.reaper.store.StoreRow;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Re-sends the TEARDOWN of stores stuck in DELETING (its command dead-lettered, or lost with a broker that lost its
 * disk), with a WARNING in the store's timeline. The worker's teardown is idempotent, so a duplicate is harmless.
 */
@Singleton
public class StuckDeletionSweep implements Sweep {

    private static final Logger LOG = LoggerFactory.getLogger(StuckDeletionSweep.class);

    private final StoreReader stores;
    private final ConfirmingPublisher publisher;
    private final Topology topology;
    private final ReaperMetrics metrics;
    private final Duration stuckAfter;
    private final boolean dryRun;
    private final ReaperActions actions;
    private final ResendMemory sent = new ResendMemory();

    public StuckDeletionSweep(StoreReader stores, ConfirmingPublisher publisher, Topology topology,
                              ReaperMetrics metrics, ReaperActions actions, ReaperConfig config) {
        this.actions = actions;
        this.stores = stores;
        this.publisher = publisher;
        this.topology = topology;
        this.metrics = metrics;
        this.stuckAfter = config.stuckDeletingAfter();
        this.dryRun = config.dryRun();
    }

    @Override
    public String name() {
        return "stuck-deletion";
    }

    @Override
    public void run(SweepRun run) {
        List<StoreRow> stuck = stores.deletingNotUpdatedSince(run.now().minus(stuckAfter));
        metrics.counts(name(), stuck.size(), stuck.size());
        sent.retainOnly(stuck.stream().map(StoreRow::id).collect(Collectors.toSet()));
        for (StoreRow store : stuck) {
            if (!TeardownResendPolicy.shouldResend(store, run.now(), stuckAfter,
                    sent.lastSent(store.id(), store.generation()))) {
                continue;
            }
            Optional<StoreCommand> teardown = TeardownResendPolicy.teardown(store, run.now());
            if (teardown.isEmpty()) {
                LOG.warn("Store {} ({}) is stuck DELETING but its engine '{}' is unknown to this reaper; "
                        + "not re-sending its teardown", store.name(), store.id(), store.engine());
                continue;
            }
            // Command and timeline entry share one confirm round trip.
            actions.perform(run, ReaperMetrics.TEARDOWN_RESENT, ReaperActions.Target.store(store,
                            "generation " + store.generation()), "re-send the TEARDOWN of store " + store.name()
                            + ", DELETING since " + store.updatedAt(),
                    () -> publisher.publishAll(List.of(
                            OutgoingMessage.command(topology, teardown.get()),
                            OutgoingMessage.event(topology, TeardownResendPolicy.warning(store, run.now())))));
            sent.record(store.id(), store.generation(), run.now());
            LOG.info("Store {} ({}) generation {} has been DELETING since {}: {} TEARDOWN {}", store.name(), store.id(),
                    store.generation(), store.updatedAt(), dryRun ? "dry run, would re-send" : "re-sent",
                    teardown.get().commandId());
        }
    }
}
