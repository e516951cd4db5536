package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.worker.model.BackupLocation;
import io.storeorchestrator.worker.model.BackupObjects;
import io.storeorchestrator.worker.model.WaitStep;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A backup of a store that keeps serving: its status never changes and nothing of it is touched. Two steps:
 *
 * <pre>
 * backup: credentials Secret | backup NetworkPolicies | backup Job  →  backup: wait for the Job (parked meanwhile)
 *         → the dump's size read from object storage → BACKUP_SUCCEEDED {size}
 *         → the store's backups past its plan's retention deleted → BACKUP_DELETED each
 * </pre>
 *
 * A failed Job (its reason and last words, as JobReadiness reads them), a dump missing from object storage, or a step
 * that fails ends in BACKUP_FAILED with why; the store is not failed.
 */
@Singleton
public final class BackupFlow {

    static final String PURPOSE = "a Job dumps the database, gzipped, and uploads it to object storage";

    private final BackupJobs jobs;
    private final WaitingStores waiting;

    public BackupFlow(BackupJobs jobs, WaitingStores waiting) {
        this.jobs = jobs;
        this.waiting = waiting;
    }

    public FlowOutcome run(CommandRun run) {
        StoreCommand command = run.command();
        UUID backup = command.backup();
        try {
            if (backup == null) {
                throw new StepFailedException(new StoreFailure(StepName.BACKUP.id(), "InvalidCommand",
                        "a BACKUP command without a backup id", Instant.now()));
            }
            requireConfigured(jobs, StepName.BACKUP);
            BackupLocation location = jobs.location(run.store().id(), backup);
            if (BackupJobs.resumeAt(run, waiting, List.of(StepName.BACKUP)).isEmpty()) {
                jobs.apply(run, StepName.BACKUP, PURPOSE, jobs.backupObjects(run.store(), location));
            }
            Optional<FlowOutcome.Park> park = jobs.passed(run, wait(backup, StepName.BACKUP));
            if (park.isPresent()) {
                return park.get();
            }
            long size = jobs.uploadedSize(StepName.BACKUP, location);
            List<StoreEvent> ended = new java.util.ArrayList<>(List.of(BackupJobs.succeeded(run, StepName.BACKUP,
                    backup, size)));
            ended.addAll(jobs.pruned(run, backup));
            run.reportAll(ended);
            return new FlowOutcome.Done(CommandResult.READY);
        } catch (StepFailedException e) {
            return new FlowOutcome.Done(failed(run, e.failure()));
        }
    }

    /** The backup's end when the command fails outside the flow's own checks (an unexpected error, give-up). */
    CommandResult failed(CommandRun run, StoreFailure failure) {
        UUID backup = run.command().backup();
        if (backup != null) {
            run.reportAll(List.of(BackupJobs.failed(run.store().id(), run.command().generation(), StepName.BACKUP,
                    backup, failure)));
        }
        return CommandResult.FAILED;
    }

    /** The BACKUP_FAILED of a command that ends without a run (it was delivered too often). */
    static List<StoreEvent> failedWithoutRun(StoreCommand command, StoreFailure failure) {
        return command.backup() == null ? List.of() : List.of(BackupJobs.failed(command.storeId(),
                command.generation(), StepName.BACKUP, command.backup(), failure));
    }

    /** Waiting for backup {@code backup}'s Job, at {@code step}. */
    static WaitStep wait(UUID backup, StepName step) {
        return new WaitStep(step, List.of(), List.of(), List.of(BackupObjects.backupJobName(backup)));
    }

    /** @throws StepFailedException when no bucket is set on this worker */
    static void requireConfigured(BackupJobs jobs, StepName step) {
        if (!jobs.settings().enabled()) {
            throw new StepFailedException(new StoreFailure(step.id(), "BackupsNotConfigured",
                    "backups are not configured on this worker (BACKUP_S3_BUCKET is empty)", Instant.now()));
        }
    }
}
