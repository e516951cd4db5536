package io.storeorchestrator.api.backup;

import io.micronaut.transaction.TransactionOperations;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.outbox.OutboxRelay;
import io.storeorchestrator.api.store.AuditEntry;
import io.storeorchestrator.api.store.HousekeepingWrites;
import io.storeorchestrator.api.store.StoreRow;
import io.storeorchestrator.api.store.StoreWrites;
import io.storeorchestrator.api.store.TimelineEntry;
import io.storeorchestrator.api.store.TimelineRepository;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.common.tracing.Tracing;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Backup and restore requests. Each commits, in one transaction under the store's row lock, its backup rows, an
 * ACCEPTED timeline entry, an audit row and the command in the outbox, then wakes the relay, as every intent does.
 *
 * <ul>
 *   <li>A backup changes nothing of the store: no status, no generation. Its BACKUP command runs while the store
 *       serves.</li>
 *   <li>A restore is an intent: READY → RESTORING under a new generation and deadline, with a PRE_RESTORE backup row
 *       for the state the worker backs up before it touches anything.</li>
 * </ul>
 */
@Singleton
public class BackupService {

    public static final String BACKUP_REQUESTED = "BACKUP_REQUESTED";
    public static final String RESTORE_REQUESTED = "RESTORE_REQUESTED";

    private final StoreWrites writes;
    private final BackupRepository backups;
    private final TimelineRepository timeline;
    private final HousekeepingWrites housekeeping;
    private final TransactionOperations<Connection> transactions;
    private final OutboxRelay relay;
    private final Topology topology;
    private final Tracing tracing;
    private final ApiConfig config;
    private final BackupsConfig backupsConfig;
    private final io.storeorchestrator.api.store.StoreRepository stores;
    private final Clock clock = Clock.systemUTC();

    public BackupService(StoreWrites writes, BackupRepository backups, TimelineRepository timeline,
                         HousekeepingWrites housekeeping, TransactionOperations<Connection> transactions,
                         OutboxRelay relay, Topology topology, Tracing tracing, ApiConfig config,
                         BackupsConfig backupsConfig, io.storeorchestrator.api.store.StoreRepository stores) {
        this.stores = stores;
        this.writes = writes;
        this.backups = backups;
        this.timeline = timeline;
        this.housekeeping = housekeeping;
        this.transactions = transactions;
        this.relay = relay;
        this.topology = topology;
        this.tracing = tracing;
        this.config = config;
        this.backupsConfig = backupsConfig;
    }

    /** A backup of a READY store, RUNNING until its worker reports. */
    public BackupRow backup(UUID storeId, Caller caller) {
        BackupRow backup = transactions.executeWrite(status -> {
            StoreRow store = lockReady(storeId, caller, "backed up");
            Instant now = now();
            BackupRow row = BackupRow.running(store.id(), BackupKind.MANUAL, store.engine(), store.version(), now);
            backups.insert(row);
            // A backup's wait has a deadline of its own; the store's (null while READY) is not it.
            StoreCommand command = command(store, CommandType.BACKUP, row.id(), null,
                    now.plus(config.provisioningTimeout()), now);
            timeline.insertAll(List.of(accepted(store, StepName.BACKUP, "Backup " + row.id() + " accepted", now)));
            housekeeping.audit(List.of(AuditEntry.of(store, BACKUP_REQUESTED, caller.origin(), "backup=" + row.id(),
                    now)));
            housekeeping.enqueue(Map.of(store.id(), outgoing(command)));
            return row;
        });
        relay.wakeAfterCommit(transactions);
        return backup;
    }

    /** Restores a READY store from one of its SUCCEEDED backups: RESTORING, generation + 1. */
    public StoreRow restore(UUID storeId, UUID backupId, Caller caller) {
        StoreRow restoring = transactions.executeWrite(status -> {
            StoreRow store = lockReady(storeId, caller, "restored");
            BackupRow source = restorable(backups.find(store.id(), backupId), backupId);
            return startRestore(store, source, caller.origin(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        });
        relay.wakeAfterCommit(transactions);
        return restoring;
    }

    /**
     * A new store that will be restored from {@code backupId} (a clone): created as any store is, with a pending clone
     * that {@link #startClone} turns into its RESTORE once it is first READY. The backup must be SUCCEEDED, of a store
     * the caller may see, and of the same engine.
     */
    public StoreRow createFrom(UUID backupId, java.util.function.Supplier<StoreRow> create, Engine engine,
                               Caller caller) {
        if (!backupsConfig.enabled()) {
            throw new ApiException(ErrorCode.BACKUPS_NOT_CONFIGURED, "This installation has no object storage for"
                    + " backups (API_BACKUPS_ENABLED=false)");
        }
        return transactions.executeWrite(status -> {
            BackupRow source = restorable(backups.findById(backupId)
                    .filter(backup -> stores.findById(backup.storeId())
                            .map(store -> caller.scope().permits(store.tenantId())).orElse(false)),
                    backupId);
            if (!source.engine().equals(engine.id())) {
                throw ApiException.validation("Backup " + backupId + " is of a " + source.engine() + " store; it"
                        + " cannot be restored into a " + engine.id() + " store");
            }
            StoreRow created = create.get();
            backups.insertClone(created.id(), backupId, source.storeId());
            return created;
        });
    }

    /**
     * Inside the events transaction, for the stores a batch moved: each clone that just became READY gets its RESTORE
     * of the source backup, written as a restore request would be, with the platform as the actor. One statement
     * when the batch made a store READY, none otherwise.
     *
     * @return whether a restore was started
     */
    public boolean startClones(java.util.Collection<StoreRow> moved, Instant now) {
        java.util.Map<UUID, StoreRow> ready = new java.util.HashMap<>();
        moved.stream().filter(store -> store.status() == StoreStatus.READY).forEach(s -> ready.put(s.id(), s));
        if (ready.isEmpty()) {
            return false;
        }
        boolean started = false;
        for (var clone : backups.takeClones(ready.keySet()).entrySet()) {
            BackupRow source = backups.findById(clone.getValue().backupId()).orElse(null);
            if (source == null || source.status() != BackupStatus.SUCCEEDED) {
                continue; // gone (retention, a purge) since the create: the store stays as provisioned
            }
            startRestore(ready.get(clone.getKey()), source, io.storeorchestrator.api.store.Origin.SYSTEM, now);
            started = true;
        }
        return started;
    }

    private static BackupRow restorable(java.util.Optional<BackupRow> found, UUID backupId) {
        BackupRow source = found.orElseThrow(() -> new ApiException(ErrorCode.BACKUP_NOT_FOUND,
                "No backup " + backupId + " of a store of yours"));
        if (source.status() != BackupStatus.SUCCEEDED) {
            throw new ApiException(ErrorCode.BACKUP_NOT_RESTORABLE, "Backup " + backupId + " is "
                    + source.status() + "; only a SUCCEEDED backup can be restored");
        }
        return source;
    }

    /** READY → RESTORING under a new generation, a PRE_RESTORE backup row, and the RESTORE command. */
    private StoreRow startRestore(StoreRow store, BackupRow source, io.storeorchestrator.api.store.Origin origin,
                                  Instant now) {
        StoreRow next = store.withIntent(StoreStatus.RESTORING, now.plus(config.provisioningTimeout()), now);
        BackupRow safety = BackupRow.running(store.id(), BackupKind.PRE_RESTORE, store.engine(), store.version(),
                now);
        backups.insert(safety);
        UUID backupStore = source.storeId().equals(store.id()) ? null : source.storeId();
        StoreCommand command = new StoreCommand(UUID.randomUUID(), CommandType.RESTORE, next.id(), next.name(),
                next.engineType(), next.generation(), next.namespace(), next.host(), next.deadlineAt(), now, null,
                next.plan(), next.version(), next.revision(), null, null,
                next.tenantId() == null ? null : next.tenantId().toString(), source.id(), safety.id(), backupStore);
        String message = "Restore from backup " + source.id() + (backupStore == null ? "" : " of store " + backupStore)
                + " (taken " + source.createdAt() + ") accepted; the store is backed up first as " + safety.id();
        writes.recordIntent(next, accepted(next, StepName.RESTORE, message, now), AuditEntry.of(next,
                RESTORE_REQUESTED, origin, "backup=" + source.id() + (backupStore == null ? "" : ", of store="
                        + backupStore) + ", preRestoreBackup=" + safety.id() + ", generation=" + next.generation(),
                now), outgoing(command));
        return next;
    }

    /**
     * The reaper's BACKUP_REQUESTED, inside the events transaction, on the store it locked: a SCHEDULED backup row and
     * its BACKUP command, if the store is still READY, backups are on, and none of its backups is running.
     *
     * @return the command to put in the outbox, and the audit row; empty when the request no longer holds
     */
    public java.util.Optional<Scheduled> scheduled(StoreRow store, io.storeorchestrator.common.messaging.StoreEvent event,
                                                   Instant now) {
        if (!backupsConfig.enabled() || store.status() != StoreStatus.READY
                || backups.ofStore(store.id()).stream().anyMatch(b -> b.status() == BackupStatus.RUNNING)) {
            return java.util.Optional.empty();
        }
        BackupRow row = BackupRow.running(store.id(), BackupKind.SCHEDULED, store.engine(), store.version(), now);
        backups.insert(row);
        StoreCommand command = command(store, CommandType.BACKUP, row.id(), null,
                now.plus(config.provisioningTimeout()), now);
        return java.util.Optional.of(new Scheduled(OutgoingMessage.command(topology, command),
                AuditEntry.of(store, BACKUP_REQUESTED, io.storeorchestrator.api.store.Origin.REAPER,
                        "backup=" + row.id() + ", " + event.message(), now)));
    }

    /** A scheduled backup's command and audit row, for the events transaction to write. */
    public record Scheduled(OutgoingMessage command, AuditEntry audit) {
    }

    /** The store, locked, if the caller may see it and it may be backed up or restored now. */
    private StoreRow lockReady(UUID storeId, Caller caller, String verb) {
        StoreRow store = caller.scope().require(writes.lock(storeId), storeId);
        if (!backupsConfig.enabled()) {
            throw new ApiException(ErrorCode.BACKUPS_NOT_CONFIGURED, "This installation has no object storage for"
                    + " backups (API_BACKUPS_ENABLED=false)");
        }
        if (store.status() != StoreStatus.READY) {
            throw new ApiException(ErrorCode.INVALID_STATE_TRANSITION, "Only a READY store can be " + verb
                    + "; this one is " + store.status());
        }
        return store;
    }

    private static StoreCommand command(StoreRow store, CommandType type, UUID backup, UUID safety, Instant deadline,
                                        Instant now) {
        return new StoreCommand(UUID.randomUUID(), type, store.id(), store.name(), store.engineType(),
                store.generation(), store.namespace(), store.host(), deadline, now, null, store.plan(),
                store.version(), store.revision(), null, null,
                store.tenantId() == null ? null : store.tenantId().toString(), backup, safety);
    }

    private OutgoingMessage outgoing(StoreCommand command) {
        return OutgoingMessage.command(topology, command).withTraceparent(tracing.currentTraceparent());
    }

    private static TimelineEntry accepted(StoreRow store, StepName step, String message, Instant now) {
        return new TimelineEntry(UUID.randomUUID(), store.id(), store.generation(), StoreEventType.ACCEPTED.name(),
                step.id(), message, now, null, null, null);
    }


    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
