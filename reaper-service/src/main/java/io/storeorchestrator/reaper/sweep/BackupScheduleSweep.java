package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.common.catalog.Plan;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.ConfirmingPublisher;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.common.time.Durations;
import io.storeorchestrator.reaper.config.ReaperConfig;
import io.storeorchestrator.reaper.store.StoreReader;
import io.storeorchestrator.reaper.store.StoreRow;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Scheduled backups (issue 11), on while the workers have object storage (REAPER_BACKUPS_ENABLED): for each plan with
 * {@code backups.every}, asks the API for a backup of its READY stores whose newest manual or scheduled backup is older
 * than that (at once for a store without one), at most REAPER_STORE_MAX_PER_SWEEP per plan and sweep. The API
 * re-checks (READY, no backup running) and writes the backup and its BACKUP command as a request would; retention is
 * the worker's, after each backup.
 */
@Singleton
public class BackupScheduleSweep implements Sweep {

    public static final String NAME = "backup-schedule";

    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduleSweep.class);

    private final StoreReader stores;
    private final ConfirmingPublisher publisher;
    private final Topology topology;
    private final ReaperMetrics metrics;
    private final ReaperActions actions;
    private final StoreCatalog catalog;
    private final boolean enabled;
    private final int cap;
    private final Duration resendAfter;
    private final ResendMemory requested = new ResendMemory();

    public BackupScheduleSweep(StoreReader stores, ConfirmingPublisher publisher, Topology topology,
                               ReaperMetrics metrics, ReaperActions actions, StoreCatalog catalog,
                               ReaperConfig config) {
        this.stores = stores;
        this.publisher = publisher;
        this.topology = topology;
        this.metrics = metrics;
        this.actions = actions;
        this.catalog = catalog;
        this.enabled = config.backupsEnabled();
        this.cap = config.storeMaxPerSweep();
        this.resendAfter = DeadlineSweep.resendAfter(config.interval());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(SweepRun run) {
        if (!enabled) {
            return;
        }
        List<StoreRow> due = new ArrayList<>();
        List<Duration> intervals = new ArrayList<>();
        for (Plan plan : catalog.plans()) {
            if (plan.backups() == null || plan.backups().interval().isEmpty()) {
                continue;
            }
            Duration every = plan.backups().interval().get();
            for (StoreRow store : stores.backupDue(plan.id(), run.now().minus(every), cap)) {
                due.add(store);
                intervals.add(every);
            }
        }
        metrics.counts(NAME, due.size(), due.size());
        Set<UUID> ids = new HashSet<>();
        due.forEach(store -> ids.add(store.id()));
        requested.retainOnly(ids);
        for (int i = 0; i < due.size(); i++) {
            StoreRow store = due.get(i);
            if (!requested.due(store.id(), store.generation(), run.now(), resendAfter)) {
                continue; // asked already; the API has not written its backup yet
            }
            StoreEvent event = new StoreEvent(UUID.randomUUID(), store.id(), store.generation(),
                    StoreEventType.BACKUP_REQUESTED, StepName.BACKUP.id(), "scheduled backup: plan " + store.plan()
                    + " backs a store up every " + Durations.human(intervals.get(i)), run.now(), null, null);
            actions.perform(run, ReaperMetrics.BACKUP_REQUESTED, ReaperActions.Target.store(store, "backup"),
                    "back up store " + store.name() + ": " + event.message(),
                    () -> publisher.publish(OutgoingMessage.event(topology, event)));
            requested.record(store.id(), store.generation(), run.now());
        }
        if (!due.isEmpty()) {
            LOG.info("{} stores due a scheduled backup: {}", due.size(),
                    actions.dryRun() ? "dry run, would ask for them" : "requested");
        }
    }
}
