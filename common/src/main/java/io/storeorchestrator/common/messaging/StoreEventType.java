package io.storeorchestrator.common.messaging;

import io.storeorchestrator.common.domain.StoreStatus;

import java.util.Optional;

/**
 * Kinds of entries in a store's timeline. Some of them move the store's status when the API applies them; the
 * rest are timeline only.
 */
public enum StoreEventType {
    /** The API accepted a create, retry or delete request. */
    ACCEPTED(null),
    /** A worker picked up a provisioning command. */
    STARTED(StoreStatus.PROVISIONING),
    /** A named step finished (the message says what changed: created, updated, unchanged). */
    STEP(null),
    /** Still waiting for something (pods becoming ready, a namespace terminating). */
    WAITING(null),
    /** A recoverable problem worth showing, e.g. a Kubernetes API error that will be retried. */
    WARNING(null),
    /** Every workload is ready. */
    READY(StoreStatus.READY),
    /** Provisioning failed; the message is the reason shown to the user. */
    FAILED(StoreStatus.FAILED),
    /** A worker picked up a teardown command. */
    TEARDOWN_STARTED(null),
    /** The namespace is gone. */
    DELETED(StoreStatus.DELETED),
    /** A command stopped because a newer intent (delete, retry, update) superseded it. */
    SUPERSEDED(null),
    /** A worker began applying an update (or a rollback someone asked for) to a READY store. */
    UPDATE_STARTED(StoreStatus.UPDATING),
    /** An update failed; the worker returns the store to its last READY revision. The failed revision keeps the reason. */
    ROLLING_BACK(null),
    /** The store serves its last READY revision again after an update failed. */
    ROLLED_BACK(StoreStatus.READY),
    /** Objects of a READY store no longer matched what was applied and were applied again; the message names them. */
    DRIFT_CORRECTED(null),
    /** A READY store's namespace vanished; it is provisioned again from its current revision. */
    REPROVISIONING(StoreStatus.PROVISIONING),
    // Custom domains (issue 11). Timeline only: a domain never moves its store's status; the event's domain names it.
    /** The API found a custom domain's TXT record; a DOMAINS command is on its way to the workers. */
    DOMAIN_VERIFIED(null),
    /** A worker put a verified custom domain on the store's Ingress and requested its Certificate. */
    DOMAIN_ACTIVE(null),
    /** A custom domain's verification timed out (the API) or its objects could not be applied (a worker). */
    DOMAIN_FAILED(null),
    /**
     * The reaper: the store expires soon (REAPER_EXPIRY_NOTICE before its {@code expiresAt}) and is deleted then unless
     * its expiry is extended or cleared. Timeline only, but the API notes that the notice was given.
     */
    EXPIRING(null),
    /**
     * The reaper asks for the store's deletion: it expired (step {@code expiry}) or has been FAILED longer than the
     * retention (step {@code failed-retention}). The API re-checks that and moves it to DELETING with its teardown,
     * as a delete request would, with the reaper as the actor.
     */
    DELETE_REQUESTED(StoreStatus.DELETING),
    /**
     * The reaper asks for a DELETED store's rows (timeline, revisions) to be purged: it has been DELETED longer than
     * the retention. The audit log keeps its rows. Never recorded in the timeline: it removes it.
     */
    PURGE_REQUESTED(null),
    /**
     * The reaper found a live (READY or UPDATING) store's namespace gone. A READY store is provisioned again
     * (REPROVISIONING follows); an UPDATING one gets its namespace back from its update.
     */
    NAMESPACE_MISSING(null),

    // Backups and restore (issue 11)
    /**
     * The reaper asks for a scheduled backup of a READY store (its plan's {@code backups.every} passed since its newest
     * one). The API re-checks and writes the backup and its BACKUP command, as a request would.
     */
    BACKUP_REQUESTED(null),
    /** A backup's Job completed and its objects are in object storage; the event names the backup and its size. */
    BACKUP_SUCCEEDED(null),
    /** A backup's Job failed (or its upload is missing); the event names the backup and says why. */
    BACKUP_FAILED(null),
    /**
     * A backup past its plan's retention ({@code backups.keep}) was deleted from object storage; the API removes it from
     * the store's list.
     */
    BACKUP_DELETED(null),
    /** The store was restored from the backup the command named: READY again. */
    RESTORED(StoreStatus.READY),
    /**
     * A restore failed; the store is as it was before (not touched, or put back from its pre-restore backup): READY
     * again, with {@code statusReason} saying why.
     */
    RESTORE_FAILED(StoreStatus.READY);

    private final StoreStatus resultingStatus;

    StoreEventType(StoreStatus resultingStatus) {
        this.resultingStatus = resultingStatus;
    }

    /** The status the store moves to when this event is applied, if any. */
    public Optional<StoreStatus> resultingStatus() {
        return Optional.ofNullable(resultingStatus);
    }
}
