package io.storeorchestrator.common.messaging;

/** What a {@link StoreCommand} asks a worker to do. */
public enum CommandType {
    /** Create or converge every object of the store, then wait until it serves. */
    PROVISION,
    /**
     * Move a READY store to the command's version and plan (an update, or a rollback someone asked for), then wait
     * until it serves; when that fails, return to the command's fallback revision.
     */
    UPDATE,
    // Custom domains (issue 11)
    /**
     * Converge a store's custom-domain objects (its domains Ingress and Certificates) to the hosts its verified domains
     * name now, read from PostgreSQL when the command runs; not fenced on the generation, since it changes nothing the
     * store's revision decides.
     */
    DOMAINS,
    /** Delete the store's namespace and wait until it is gone. */
    TEARDOWN,
    // Backups and restore (issue 11)
    /**
     * Back a store up ({@link StoreCommand#backup()}): a Job dumps its database to object storage; the store keeps
     * serving and its status does not change.
     */
    BACKUP,
    /**
     * Restore a RESTORING store from {@link StoreCommand#backup()}, backing it up first as
     * {@link StoreCommand#safetyBackup()} so a failed restore can put it back.
     */
    RESTORE;

    /** The routing key the command is published with on the commands exchange. */
    public String routingKey() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
