package io.storeorchestrator.worker.flow;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.model.ApplicationObjects;
import io.storeorchestrator.worker.model.BackupLocation;
import io.storeorchestrator.worker.model.BackupObjects;
import io.storeorchestrator.worker.model.StoreSpec;
import io.storeorchestrator.worker.model.WaitStep;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A RESTORING store loaded from one of its backups, each step recorded, each wait a park:
 *
 * <pre>
 * pre-restore-backup: the store as it is backed up first (its own backup row, PRE_RESTORE) → wait
 * stop-app:           the app Deployment, from its builder, at 0 replicas → wait until none runs
 * restore-data:       the restore Job (download, empty the database, load) → wait
 * start-app:          the app Deployment at its plan's replicas → wait until it serves → RESTORED (READY)
 * </pre>
 *
 * If the pre-restore backup fails, nothing was touched: RESTORE_FAILED (READY), saying why. If anything fails once the
 * app was stopped (the restore Job, the app on the restored data), the store is put back:
 *
 * <pre>
 * put-back:           the app at 0 replicas, and a restore Job of the pre-restore backup → wait
 * put-back-start-app: the app at its plan's replicas → wait → RESTORE_FAILED (READY), saying why
 * </pre>
 *
 * Only if the put-back fails too does the store fail. Which branch a wake-up is on is its step's name.
 */
@Singleton
public final class RestoreFlow {

    static final List<StepName> WAITS = List.of(StepName.PRE_RESTORE_BACKUP, StepName.STOP_APP,
            StepName.RESTORE_DATA, StepName.START_APP, StepName.PUT_BACK, StepName.PUT_BACK_START_APP);

    private final WorkerConfig config;
    private final BackupJobs jobs;
    private final WaitingStores waiting;

    public RestoreFlow(BackupJobs jobs, WaitingStores waiting, WorkerConfig config) {
        this.config = config;
        this.jobs = jobs;
        this.waiting = waiting;
    }

    public FlowOutcome run(CommandRun run) {
        StoreCommand command = run.command();
        StoreSpec store = run.store();
        UUID backup = command.backup();
        UUID safety = command.safetyBackup();
        int from = BackupJobs.resumeAt(run, waiting, WAITS).map(WAITS::indexOf).orElse(-1);
        if (from >= WAITS.indexOf(StepName.PUT_BACK)) {
            return putBack(run, null, from);
        }
        Optional<FlowOutcome.Park> park;
        if (from < 0) {
            run.checkFence(StepName.RESTORE);
            Optional<String> refused = refusal(run, backup, safety);
            if (refused.isPresent()) {
                return untouched(run, refused.get());
            }
        }
        if (from <= WAITS.indexOf(StepName.PRE_RESTORE_BACKUP)) {
            try {
                if (from < 0) {
                    jobs.apply(run, StepName.PRE_RESTORE_BACKUP, "the store as it is, backed up before anything is"
                            + " touched", jobs.backupObjects(store, jobs.location(store.id(), safety)));
                }
                park = jobs.passed(run, BackupFlow.wait(safety, StepName.PRE_RESTORE_BACKUP));
                if (park.isPresent()) {
                    return park.get();
                }
                long size = jobs.uploadedSize(StepName.PRE_RESTORE_BACKUP, jobs.location(store.id(), safety));
                run.reportAll(List.of(BackupJobs.succeeded(run, StepName.PRE_RESTORE_BACKUP, safety, size)));
            } catch (StepFailedException e) {
                run.reportAll(List.of(BackupJobs.failed(store.id(), command.generation(),
                        StepName.PRE_RESTORE_BACKUP, safety, e.failure())));
                return untouched(run, "its pre-restore backup failed (" + e.failure().reason() + ": "
                        + e.failure().message() + ")");
            }
            jobs.apply(run, StepName.STOP_APP, "the app at 0 replicas: nothing writes while the dump loads",
                    List.of(BackupObjects.stoppedApp(store, config)));
        }
        try {
            if (from <= WAITS.indexOf(StepName.STOP_APP)) {
                park = jobs.passed(run, appWait(store, StepName.STOP_APP));
                if (park.isPresent()) {
                    return park.get();
                }
                jobs.apply(run, StepName.RESTORE_DATA, "a Job empties the database and loads the backup into it",
                        jobs.restoreObjects(store, source(run),
                                BackupObjects.restoreJobName(backup, command.generation())));
            }
            if (from <= WAITS.indexOf(StepName.RESTORE_DATA)) {
                park = jobs.passed(run, jobWait(StepName.RESTORE_DATA, BackupObjects.restoreJobName(backup,
                        command.generation())));
                if (park.isPresent()) {
                    return park.get();
                }
                jobs.apply(run, StepName.START_APP, "the app back at its plan's replicas",
                        List.of(ApplicationObjects.deployment(store, config)));
            }
            park = jobs.passed(run, appWait(store, StepName.START_APP));
            if (park.isPresent()) {
                return park.get();
            }
        } catch (StepFailedException e) {
            return putBack(run, e.failure(), -1);
        }
        run.report(StoreEventType.RESTORED, StepName.RESTORE, "restored from backup " + backup
                + " (the store's state before it is backup " + safety + "); " + store.appName() + " serves at "
                + store.host());
        return new FlowOutcome.Done(CommandResult.READY);
    }

    /**
     * Puts the store back from its pre-restore backup, then RESTORE_FAILED.
     *
     * @param failure what failed, when this delivery saw it; null for a wake-up on the way back
     * @param from    the index in {@link #WAITS} the delivery resumes at, or -1 to start the put-back
     * @throws StepFailedException when putting it back fails too: the store fails, saying both
     */
    private FlowOutcome putBack(CommandRun run, StoreFailure failure, int from) {
        StoreCommand command = run.command();
        StoreSpec store = run.store();
        String putBackJob = BackupObjects.restoreJobName(command.safetyBackup(), command.generation());
        String why = failure != null ? failure.reason() + " at " + failure.step() + ": " + failure.message()
                // A later delivery: the restore Job says why it failed, or it completed and the app did not serve.
                : jobs.whyJobFailed(store, StepName.RESTORE_DATA, BackupObjects.restoreJobName(command.backup(),
                        command.generation())).orElse("the app did not become ready on the restored data");
        try {
            if (from < WAITS.indexOf(StepName.PUT_BACK)) {
                run.report(StoreEventType.WARNING, StepName.PUT_BACK, "restore of backup " + command.backup()
                        + " failed (" + why + "); putting the store back from its pre-restore backup "
                        + command.safetyBackup());
                List<HasMetadata> objects = new ArrayList<>(List.of(BackupObjects.stoppedApp(store, config)));
                objects.addAll(jobs.restoreObjects(store, jobs.location(store.id(), command.safetyBackup()),
                        putBackJob));
                jobs.apply(run, StepName.PUT_BACK, "the app stopped and the pre-restore backup loaded", objects);
            }
            Optional<FlowOutcome.Park> park;
            if (from <= WAITS.indexOf(StepName.PUT_BACK)) {
                park = jobs.passed(run, jobWait(StepName.PUT_BACK, putBackJob));
                if (park.isPresent()) {
                    return park.get();
                }
                jobs.apply(run, StepName.PUT_BACK_START_APP, "the app back at its plan's replicas",
                        List.of(ApplicationObjects.deployment(store, config)));
            }
            park = jobs.passed(run, appWait(store, StepName.PUT_BACK_START_APP));
            if (park.isPresent()) {
                return park.get();
            }
        } catch (StepFailedException e) {
            throw new StepFailedException(new StoreFailure(e.failure().step(), "PutBackFailed", "restore of backup "
                    + command.backup() + " failed (" + why + ") and so did putting the store back from its"
                    + " pre-restore backup " + command.safetyBackup() + ": " + e.failure().reason() + ": "
                    + e.failure().message(), Instant.now()));
        }
        run.report(StoreEventType.RESTORE_FAILED, StepName.RESTORE, "restore of backup " + command.backup()
                + " failed (" + why + "); the store was put back as it was before, from its pre-restore backup "
                + command.safetyBackup());
        return new FlowOutcome.Done(CommandResult.FAILED);
    }

    /** Why the restore cannot start, if it cannot: then nothing is touched. */
    private Optional<String> refusal(CommandRun run, UUID backup, UUID safety) {
        if (backup == null || safety == null) {
            return Optional.of("the command names no backup to restore or no pre-restore backup");
        }
        try {
            BackupFlow.requireConfigured(jobs, StepName.RESTORE);
            BackupLocation location = source(run);
            if (!jobs.exists(StepName.RESTORE, location)) {
                return Optional.of("backup " + backup + " is not in object storage (" + location.dumpKey() + ")");
            }
        } catch (StepFailedException e) {
            return Optional.of(e.failure().message());
        }
        return Optional.empty();
    }

    /** Where the backup to restore lives: under the store it was taken of (another one, for a clone). */
    private BackupLocation source(CommandRun run) {
        StoreCommand command = run.command();
        return jobs.location(command.backupStore() != null ? command.backupStore() : run.store().id(),
                command.backup());
    }

    /** RESTORE_FAILED before anything was touched: the store serves as it did. */
    private static FlowOutcome untouched(CommandRun run, String why) {
        run.report(StoreEventType.RESTORE_FAILED, StepName.RESTORE, "restore of backup " + run.command().backup()
                + " failed: " + why + "; nothing was touched, the store serves as before");
        return new FlowOutcome.Done(CommandResult.FAILED);
    }

    /** The app Deployment rolled out at this attempt (0 replicas when stopped, the plan's when started). */
    private static WaitStep appWait(StoreSpec store, StepName step) {
        return new WaitStep(step, List.of(), List.of(store.appName()), List.of());
    }

    private static WaitStep jobWait(StepName step, String job) {
        return new WaitStep(step, List.of(), List.of(), List.of(job));
    }
}
