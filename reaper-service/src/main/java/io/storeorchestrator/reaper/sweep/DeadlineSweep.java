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
 * Fails stores still QUEUED or PROVISIONING past their deadline by publishing a FAILED event for their current
 * generation. The API applies it; the worker's generation fence then stops any work still in flight.
 */
@Singleton
public class DeadlineSweep implements Sweep {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineSweep.class);
    /** Re-publish a FAILED the API has not applied yet (API down, event lost) after this many intervals... */
    static final int RESEND_AFTER_INTERVALS = 10;
    /** ... but never more often than this. */
    static final Duration MIN_RESEND_AFTER = Duration.ofMinutes(1);

    private final StoreReader stores;
    private final ConfirmingPublisher publisher;
    private final Topology topology;
    private final ReaperMetrics metrics;
    private final Duration grace;
    private final Duration resendAfter;
    private final boolean dryRun;
    private final ReaperActions actions;
    private final ResendMemory sent = new ResendMemory();

    public DeadlineSweep(StoreReader stores, ConfirmingPublisher publisher, Topology topology, ReaperMetrics metrics,
                         ReaperActions actions, ReaperConfig config) {
        this.actions = actions;
        this.stores = stores;
        this.publisher = publisher;
        this.topology = topology;
        this.metrics = metrics;
        this.grace = config.deadlineGrace();
        this.dryRun = config.dryRun();
        this.resendAfter = resendAfter(config.interval());
    }

    /** How long a request the API has not applied yet waits before it is sent again. */
    static Duration resendAfter(Duration interval) {
        Duration intervals = interval.multipliedBy(RESEND_AFTER_INTERVALS);
        return intervals.compareTo(MIN_RESEND_AFTER) > 0 ? intervals : MIN_RESEND_AFTER;
    }

    @Override
    public String name() {
        return "deadline";
    }

    @Override
    public void run(SweepRun run) {
        List<StoreRow> overdue = stores.provisioningWithDeadlineBefore(run.now().minus(grace));
        metrics.counts(name(), overdue.size(), overdue.size());
        sent.retainOnly(overdue.stream().map(StoreRow::id).collect(Collectors.toSet()));
        for (StoreRow store : overdue) {
            if (!DeadlinePolicy.shouldPublish(store, run.now(), grace,
                    sent.lastSent(store.id(), store.generation()), resendAfter)) {
                continue;
            }
            StoreEvent failure = DeadlinePolicy.failure(store, run.now());
            actions.perform(run, ReaperMetrics.DEADLINE_FAILED, ReaperActions.Target.store(store,
                            "generation " + store.generation()), "fail store " + store.name() + ": " + failure.message(),
                    () -> publisher.publish(OutgoingMessage.event(topology, failure)));
            sent.record(store.id(), store.generation(), run.now());
            LOG.info("Store {} ({}) generation {} is {} past its deadline {}: {}", store.name(), store.id(),
                    store.generation(), store.status(), store.deadlineAt(),
                    dryRun ? "dry run, would publish FAILED" : "published FAILED");
        }
    }
}
