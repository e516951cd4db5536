package io.storeorchestrator.common.messaging;

import io.storeorchestrator.common.domain.Engine;

import io.storeorchestrator.common.lifecycle.StepName;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A command from the API (through the outbox) or the reaper to the provisioner workers. Schema version 1.
 *
 * <p>{@code generation} fences the command: a worker runs it only while the store's generation in PostgreSQL is
 * still this one, so a command superseded by a delete or a retry stops at its next step.
 *
 * @param commandId  unique per command; redeliveries keep it
 * @param type       what to do
 * @param storeId    the store's immutable id
 * @param storeName  the store's name (its host label)
 * @param engine     the store's engine
 * @param generation the store generation this command was issued for
 * @param namespace  the store's namespace
 * @param host       the store's public host
 * @param deadline   when provisioning must have finished (PROVISION only; null for TEARDOWN)
 * @param issuedAt   when the command was issued
 * @param resumeAt   the step to resume at ({@link StepName#id()}), when a worker parked the store there and this is
 *                   its wake-up; null to start from the first step. Added after version 1: older producers omit it
 * @param plan       the plan to apply ({@link io.storeorchestrator.common.catalog.Plan#id()}); null (older producers)
 *                   means the catalog's default plan
 * @param version    the engine version to apply; null means the engine's default version
 * @param revision   the store revision this command applies; null (older producers) means revision 1
 * @param fallback   UPDATE only: the last READY revision, applied again should this one fail; null when there is
 *                   nothing to fall back to (the command is itself the fallback)
 * @param rollbackOf set on the automatic rollback a worker sends itself: the revision that failed and is being undone
 * @param tenant     the id of the tenant that owns the store, for the namespace's tenant label; null for stores the
 *                   platform's admin created, and from producers older than tenancy
 * @param template   PROVISION only: the catalog template the store starts from
 *                   ({@link io.storeorchestrator.common.catalog.StoreTemplate#id()}), installed once after the app
 *                   first serves; null for none, for every other command (an update never installs it again), and
 *                   from producers older than templates
 * @param backup     BACKUP: the backup to take; RESTORE: the backup to restore (a {@code store_backups} id). Null for
 *                   every other command, and from producers older than backups
 * @param safetyBackup RESTORE only: the backup of the store as it is, taken first, that a failed restore puts back
 * @param backupStore RESTORE only: the store {@code backup} was taken of, when another (a clone: a new store restored
 *                   from another's backup); null: this store
 */
public record StoreCommand(
        UUID commandId,
        CommandType type,
        UUID storeId,
        String storeName,
        Engine engine,
        long generation,
        String namespace,
        String host,
        Instant deadline,
        Instant issuedAt,
        String resumeAt,
        String plan,
        String version,
        Integer revision,
        Target fallback,
        Integer rollbackOf,
        String tenant,
        String template,
        UUID backup,
        UUID safetyBackup,
        UUID backupStore) {

    /**
     * A revision's configuration: what an UPDATE falls back to.
     *
     * @param revision the revision number
     * @param plan     its plan
     * @param version  its engine version
     */
    public record Target(int revision, String plan, String version) {
        public Target {
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(version, "version");
        }
    }

    /** A command that names no plan, version or revision: the defaults (what version 1 producers send). */
    public StoreCommand(UUID commandId, CommandType type, UUID storeId, String storeName, Engine engine,
                        long generation, String namespace, String host, Instant deadline, Instant issuedAt,
                        String resumeAt) {
        this(commandId, type, storeId, storeName, engine, generation, namespace, host, deadline, issuedAt, resumeAt,
                null, null, null, null, null, null, null, null, null, null);
    }

    /** A command that names no tenant (what producers older than tenancy send). */
    public StoreCommand(UUID commandId, CommandType type, UUID storeId, String storeName, Engine engine,
                        long generation, String namespace, String host, Instant deadline, Instant issuedAt,
                        String resumeAt, String plan, String version, Integer revision, Target fallback,
                        Integer rollbackOf) {
        this(commandId, type, storeId, storeName, engine, generation, namespace, host, deadline, issuedAt, resumeAt,
                plan, version, revision, fallback, rollbackOf, null, null, null, null, null);
    }

    /** A command that names no template and no backup (producers older than either, and most commands). */
    public StoreCommand(UUID commandId, CommandType type, UUID storeId, String storeName, Engine engine,
                        long generation, String namespace, String host, Instant deadline, Instant issuedAt,
                        String resumeAt, String plan, String version, Integer revision, Target fallback,
                        Integer rollbackOf, String tenant) {
        this(commandId, type, storeId, storeName, engine, generation, namespace, host, deadline, issuedAt, resumeAt,
                plan, version, revision, fallback, rollbackOf, tenant, null, null, null, null);
    }

    /** A command that restores none of another store's backups (producers older than clones). */
    public StoreCommand(UUID commandId, CommandType type, UUID storeId, String storeName, Engine engine,
                        long generation, String namespace, String host, Instant deadline, Instant issuedAt,
                        String resumeAt, String plan, String version, Integer revision, Target fallback,
                        Integer rollbackOf, String tenant, UUID backup, UUID safetyBackup) {
        this(commandId, type, storeId, storeName, engine, generation, namespace, host, deadline, issuedAt, resumeAt,
                plan, version, revision, fallback, rollbackOf, tenant, null, backup, safetyBackup, null);
    }

    /** A BACKUP or RESTORE command: it names no template. */
    public StoreCommand(UUID commandId, CommandType type, UUID storeId, String storeName, Engine engine,
                        long generation, String namespace, String host, Instant deadline, Instant issuedAt,
                        String resumeAt, String plan, String version, Integer revision, Target fallback,
                        Integer rollbackOf, String tenant, UUID backup, UUID safetyBackup, UUID backupStore) {
        this(commandId, type, storeId, storeName, engine, generation, namespace, host, deadline, issuedAt, resumeAt,
                plan, version, revision, fallback, rollbackOf, tenant, null, backup, safetyBackup, backupStore);
    }

    public StoreCommand {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(storeName, "storeName");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be positive");
        }
    }

    /** This command as the wake-up of a store parked at {@code step}: same id and generation, so fencing still holds. */
    public StoreCommand resumingAt(StepName step) {
        return new StoreCommand(commandId, type, storeId, storeName, engine, generation, namespace, host, deadline,
                issuedAt, step.id(), plan, version, revision, fallback, rollbackOf, tenant, template, backup,
                safetyBackup, backupStore);
    }

    /** This command for a store owned by {@code tenant} (a tenant id, or null). */
    public StoreCommand withTenant(String tenant) {
        return new StoreCommand(commandId, type, storeId, storeName, engine, generation, namespace, host, deadline,
                issuedAt, resumeAt, plan, version, revision, fallback, rollbackOf, tenant, template, backup,
                safetyBackup, backupStore);
    }

    /** This PROVISION for a store that starts from {@code template} (a template id, or null). */
    public StoreCommand withTemplate(String template) {
        return new StoreCommand(commandId, type, storeId, storeName, engine, generation, namespace, host, deadline,
                issuedAt, resumeAt, plan, version, revision, fallback, rollbackOf, tenant, template, backup,
                safetyBackup, backupStore);
    }

    /**
     * The automatic rollback of this failed UPDATE: its fallback applied under the same generation (so fencing still
     * holds), with a fresh deadline, falling back to nothing; its id is derived from the revision it undoes.
     */
    public StoreCommand rollback(Instant now, Instant newDeadline) {
        if (fallback == null) {
            throw new IllegalStateException("command " + commandId + " has no revision to fall back to");
        }
        // The same id however often the failed update is found failed: the rollback of one revision is one command.
        UUID id = UUID.nameUUIDFromBytes(("rollback:" + storeId + ":" + generation + ":" + appliedRevision())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new StoreCommand(id, CommandType.UPDATE, storeId, storeName, engine, generation,
                namespace, host, newDeadline, now, null, fallback.plan(), fallback.version(), fallback.revision(), null,
                appliedRevision(), tenant);
    }

    /** The revision this command applies (1 for producers that send none). */
    public int appliedRevision() {
        return revision == null ? 1 : revision;
    }

    /** The step this delivery resumes at, if it is a wake-up. */
    public java.util.Optional<StepName> resumeStep() {
        return resumeAt == null ? java.util.Optional.empty() : StepName.fromId(resumeAt);
    }
}
