package io.storeorchestrator.worker.flow;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.backup.BackupRetention;
import io.storeorchestrator.worker.backup.ObjectStorage;
import io.storeorchestrator.worker.config.BackupSettings;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.kube.ApplyOutcome;
import io.storeorchestrator.worker.kube.KubernetesApplier;
import io.storeorchestrator.worker.kube.KubernetesReader;
import io.storeorchestrator.worker.readiness.ClusterSnapshot;
import io.storeorchestrator.worker.readiness.ReadinessVerdict;
import io.storeorchestrator.worker.kube.RetryListener;
import io.storeorchestrator.worker.model.BackupLocation;
import io.storeorchestrator.worker.model.BackupObjects;
import io.storeorchestrator.worker.model.StoreSpec;
import io.storeorchestrator.worker.model.WaitStep;
import io.storeorchestrator.worker.readiness.JobReadiness;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the backup and the restore flows share: their objects written (the credentials Secret filled from the settings
 * and applied, so rotated keys reach every store; Jobs created once; the rest server-side applied), their Jobs waited
 * for as every wait is (one look, else park), the upload checked in object storage, and how a backup's end is
 * reported.
 */
@Singleton
public final class BackupJobs {

    private final KubernetesApplier applier;
    private final StageRunner stages;
    private final ReadinessCheck readiness;
    private final BackupSettings settings;
    private final ObjectStorage storage;
    private final KubernetesReader reader;
    private final WorkerConfig config;

    public BackupJobs(KubernetesApplier applier, StageRunner stages, ReadinessCheck readiness,
                      BackupSettings settings, KubernetesReader reader, WorkerConfig config) {
        this.config = config;
        this.reader = reader;
        this.applier = applier;
        this.stages = stages;
        this.readiness = readiness;
        this.settings = settings;
        this.storage = new ObjectStorage(settings);
    }

    public BackupSettings settings() {
        return settings;
    }

    /** Where backup {@code backupId} of {@code storeId} lives. */
    BackupLocation location(UUID storeId, UUID backupId) {
        return new BackupLocation(settings.prefix(), storeId, backupId);
    }

    /** The Secret, the two NetworkPolicies and the backup Job: what taking a backup applies. */
    List<HasMetadata> backupObjects(StoreSpec store, BackupLocation location) {
        return List.of(BackupObjects.credentialsShape(store), BackupObjects.jobsOut(store, settings),
                BackupObjects.databaseFromJobs(store), BackupObjects.backupJob(store, settings, location, config));
    }

    /** The same with the restore Job named {@code jobName} loading {@code location}. */
    List<HasMetadata> restoreObjects(StoreSpec store, BackupLocation location, String jobName) {
        return List.of(BackupObjects.credentialsShape(store), BackupObjects.jobsOut(store, settings),
                BackupObjects.databaseFromJobs(store), BackupObjects.restoreJob(store, settings, location, jobName, config));
    }

    /** Applies {@code objects} as one named step (reported like every step), in parallel. */
    void apply(CommandRun run, StepName name, String purpose, List<HasMetadata> objects) {
        stages.run(run, List.of(new Step(name, purpose,
                r -> stages.inParallel(objects, object -> write(r, name, object)))));
    }

    private ApplyOutcome write(CommandRun run, StepName step, HasMetadata object) {
        RetryListener warnings = run.retryWarnings(step);
        return switch (object) {
            case Secret shape -> applier.apply(BackupObjects.credentials(shape, settings), warnings, false);
            case Job job -> applier.createOnce(job, existing -> JobReadiness.failedBefore(existing,
                    run.store().generation()), warnings, false);
            default -> applier.apply(object, warnings, false);
        };
    }

    /** One look at a wait: empty once past it (its STEP event goes with the next report), else where to park. */
    Optional<FlowOutcome.Park> passed(CommandRun run, WaitStep wait) {
        return readiness.passed(run, wait);
    }

    /**
     * Why Job {@code jobName} failed, read again from the cluster (a later delivery than the one that saw it fail);
     * empty when it did not fail, or the cluster cannot say now. No event, no side effect: only a read.
     */
    Optional<String> whyJobFailed(StoreSpec store, StepName step, String jobName) {
        try {
            WaitStep wait = new WaitStep(step, List.of(), List.of(), List.of(jobName));
            ClusterSnapshot snapshot = reader.snapshot(store, wait);
            return JobReadiness.verdict(jobName, snapshot.jobs().get(jobName), snapshot.pods(), store.generation())
                    instanceof ReadinessVerdict.Failed failed
                    ? Optional.of(failed.reason() + " at " + step + ": " + failed.message()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The dump's size in object storage, once its Job said it uploaded it: the Job's word is checked, not taken.
     *
     * @throws StepFailedException when the dump is not there, or object storage cannot be asked
     */
    long uploadedSize(StepName step, BackupLocation location) {
        try {
            Optional<Long> dump = storage.size(location.dumpKey());
            if (dump.isEmpty()) {
                throw new StepFailedException(new StoreFailure(step.id(), "BackupMissing", "the backup Job completed"
                        + " but " + storage.describe(location.dumpKey()) + " is not in object storage", Instant.now()));
            }
            return dump.get() + storage.size(location.uploadsKey()).orElse(0L)
                    + storage.size(location.manifestKey()).orElse(0L);
        } catch (ObjectStorage.ObjectStorageException | java.io.UncheckedIOException e) {
            throw new StepFailedException(new StoreFailure(step.id(), "ObjectStorageError", e.getMessage(),
                    Instant.now()));
        }
    }

    /**
     * Whether backup {@code location}'s dump is in object storage: a restore checks before it touches anything.
     *
     * @throws StepFailedException when object storage cannot be asked
     */
    boolean exists(StepName step, BackupLocation location) {
        try {
            return storage.size(location.dumpKey()).isPresent();
        } catch (ObjectStorage.ObjectStorageException | java.io.UncheckedIOException e) {
            throw new StepFailedException(new StoreFailure(step.id(), "ObjectStorageError", e.getMessage(),
                    Instant.now()));
        }
    }

    /**
     * Deletes the store's backups past its plan's retention ({@code backups.keep}; none without one), all their
     * objects; the backup just taken is always kept.
     *
     * @return a BACKUP_DELETED per backup deleted, or a WARNING when object storage would not list or delete (the
     *         backup itself succeeded all the same)
     */
    List<StoreEvent> pruned(CommandRun run, UUID current) {
        StoreSpec store = run.store();
        io.storeorchestrator.common.catalog.Plan.BackupPolicy policy = store.plan().backups();
        if (policy == null) {
            return List.of();
        }
        String directory = location(store.id(), current).storeDirectory();
        List<StoreEvent> events = new java.util.ArrayList<>();
        try {
            for (BackupRetention.StoredBackup past : BackupRetention.pastRetention(directory,
                    storage.list(directory), policy.keep(), current)) {
                past.keys().forEach(storage::delete);
                events.add(StoreEvent.backupEnded(store.id(), run.command().generation(),
                        StoreEventType.BACKUP_DELETED, StepName.BACKUP, "backup " + past.id() + " deleted: plan "
                                + store.plan().id() + " keeps the newest " + policy.keep(), null,
                        new StoreEvent.BackupReport(past.id(), null)));
            }
        } catch (RuntimeException e) {
            events.add(StoreEvent.of(store.id(), run.command().generation(), StoreEventType.WARNING, StepName.BACKUP,
                    "backups past plan " + store.plan().id() + "'s retention not deleted: " + e.getMessage()));
        }
        return events;
    }

    /** BACKUP_SUCCEEDED of {@code backupId}, with its size. */
    static StoreEvent succeeded(CommandRun run, StepName step, UUID backupId, long sizeBytes) {
        return StoreEvent.backupEnded(run.store().id(), run.command().generation(), StoreEventType.BACKUP_SUCCEEDED,
                step, "backup " + backupId + " uploaded (" + sizeBytes + " bytes)", null,
                new StoreEvent.BackupReport(backupId, sizeBytes));
    }

    /** BACKUP_FAILED of {@code backupId}, saying why. */
    static StoreEvent failed(UUID storeId, long generation, StepName step, UUID backupId, StoreFailure failure) {
        return StoreEvent.backupEnded(storeId, generation, StoreEventType.BACKUP_FAILED, step,
                "backup " + backupId + " failed: " + failure.reason() + ": " + failure.message(), failure.reason(),
                new StoreEvent.BackupReport(backupId, null));
    }

    /**
     * The wake-up's step, or the later step this worker parked the same command at since, among {@code steps} (the
     * flow's waits in order); empty to start from the beginning.
     */
    static Optional<StepName> resumeAt(CommandRun run, WaitingStores waiting, List<StepName> steps) {
        return java.util.stream.Stream.of(run.command().resumeStep(), waiting.parkedAt(run.command()))
                .flatMap(Optional::stream).filter(steps::contains)
                .max(java.util.Comparator.comparingInt(steps::indexOf));
    }
}
