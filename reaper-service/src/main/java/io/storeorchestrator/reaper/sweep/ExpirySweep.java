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
import java.util.List;
import java.util.stream.Collectors;

/**
 * Gives expiring stores their notice (an EXPIRING event, and a Kubernetes Event on the namespace) and asks the API to
 * delete the expired ones ({@link ExpiryPolicy}), soonest expiry first, at most REAPER_STORE_MAX_PER_SWEEP a sweep.
 * The API applies both: it notes the notice, and turns the request into a delete with the reaper as the actor.
 */
@Singleton
public class ExpirySweep implements Sweep {

    public static final String NAME = "expiry";

    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweep.class);

    private final StoreReader stores;
    private final ConfirmingPublisher publisher;
    private final Topology topology;
    private final ReaperMetrics metrics;
    private final ReaperActions actions;
    private final NamespaceEvents namespaceEvents;
    private final Duration notice;
    private final int cap;
    private final Duration resendAfter;
    private final ResendMemory noticed = new ResendMemory();
    private final ResendMemory requested = new ResendMemory();

    public ExpirySweep(StoreReader stores, ConfirmingPublisher publisher, Topology topology, ReaperMetrics metrics,
                       ReaperActions actions, NamespaceEvents namespaceEvents, ReaperConfig config) {
        this.stores = stores;
        this.publisher = publisher;
        this.topology = topology;
        this.metrics = metrics;
        this.actions = actions;
        this.namespaceEvents = namespaceEvents;
        this.notice = config.expiryNotice();
        this.cap = config.storeMaxPerSweep();
        this.resendAfter = DeadlineSweep.resendAfter(config.interval());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(SweepRun run) {
        List<StoreRow> due = stores.expiryDue(run.now(), notice, cap);
        metrics.counts(NAME, due.size(), due.size());
        var ids = due.stream().map(StoreRow::id).collect(Collectors.toSet());
        noticed.retainOnly(ids);
        requested.retainOnly(ids);
        for (StoreRow store : due) {
            ExpiryPolicy.Due next = ExpiryPolicy.due(store, run.now(), notice);
            if (next == ExpiryPolicy.Due.NOTICE) {
                notice(store, run);
            }
            // A dry run gives no notice, so it also reports the deletion the notice would be followed by.
            if (next == ExpiryPolicy.Due.DELETION || actions.dryRun() && next == ExpiryPolicy.Due.NOTICE
                    && !run.now().isBefore(store.expiresAt())) {
                delete(store, run);
            }
        }
    }

    private void notice(StoreRow store, SweepRun run) {
        // Sent again only if the API has not applied it for a while: its fixed id makes a repeat harmless anyway.
        // A notice is about an expiry, not a generation: a new expiry is due its own notice at once.
        long expiry = store.expiresAt().toEpochMilli();
        if (!noticed.due(store.id(), expiry, run.now(), resendAfter)) {
            return;
        }
        StoreEvent event = ExpiryPolicy.notice(store, run.now());
        actions.perform(run, ReaperMetrics.EXPIRY_NOTICE, ReaperActions.Target.store(store, "expiring "
                + store.expiresAt()), "notify store " + store.name() + ": " + event.message(), () -> {
            publisher.publish(OutgoingMessage.event(topology, event));
            namespaceEvents.expiring(store, event.message(), run.now());
        });
        noticed.record(store.id(), expiry, run.now());
        LOG.info("Store {} ({}) expires at {}: {}", store.name(), store.id(), store.expiresAt(),
                actions.dryRun() ? "dry run, would give its EXPIRING notice" : "EXPIRING notice given");
    }

    private void delete(StoreRow store, SweepRun run) {
        if (!requested.due(store.id(), store.generation(), run.now(), resendAfter)) {
            return;
        }
        StoreEvent event = ExpiryPolicy.deletion(store, run.now());
        actions.perform(run, ReaperMetrics.EXPIRED_DELETED, ReaperActions.Target.store(store, "expired "
                + store.expiresAt() + " generation " + store.generation()), "delete store " + store.name()
                + ": " + event.message(), () -> publisher.publish(OutgoingMessage.event(topology, event)));
        requested.record(store.id(), store.generation(), run.now());
        LOG.info("Store {} ({}) expired at {}: {}", store.name(), store.id(), store.expiresAt(),
                actions.dryRun() ? "dry run, would ask for its deletion" : "deletion requested");
    }
}
