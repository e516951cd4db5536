package io.storeorchestrator.reaper.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.storeorchestrator.reaper.sweep.OrphanSelection;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

/**
 * Every setting of the reaper, bound from {@code application.yml}, which maps each one to its environment variable.
 * RabbitMQ ({@code RABBITMQ_*}) is common's {@link io.storeorchestrator.common.messaging.RabbitSettings}, the same for
 * every service.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>environment variable</th><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>SERVER_PORT</td><td>micronaut.server.port</td><td>8082</td><td>HTTP port of /health and /prometheus</td></tr>
 *   <tr><td>DATABASE_URL</td><td>datasources.default.url</td><td>jdbc:postgresql://127.0.0.1:5432/store_orchestrator</td><td>reads the stores; writes only its own audit_log rows</td></tr>
 *   <tr><td>DATABASE_USER</td><td>datasources.default.username</td><td>postgres</td><td></td></tr>
 *   <tr><td>DATABASE_PASSWORD</td><td>datasources.default.password</td><td>(empty)</td><td></td></tr>
 *   <tr><td>DATABASE_MAX_POOL_SIZE</td><td>datasources.default.maximum-pool-size</td><td>2</td><td>sweeps run one at a time</td></tr>
 *   <tr><td>REAPER_INTERVAL</td><td>reaper.interval</td><td>30s</td><td>time between two sweeps while leading</td></tr>
 *   <tr><td>REAPER_DEADLINE_GRACE</td><td>reaper.deadline-grace</td><td>30s</td><td>slack past a store's deadline before it is failed</td></tr>
 *   <tr><td>REAPER_STUCK_DELETING_AFTER</td><td>reaper.stuck-deleting-after</td><td>5m</td><td>a DELETING store unchanged this long gets its TEARDOWN re-sent (at most once per this period)</td></tr>
 *   <tr><td>REAPER_ORPHAN_GRACE</td><td>reaper.orphan-grace</td><td>10m</td><td>minimum age of a managed namespace before it may be deleted as an orphan</td></tr>
 *   <tr><td>REAPER_LEASE_NAME</td><td>reaper.lease-name</td><td>store-orchestrator-reaper</td><td>coordination.k8s.io Lease used for leader election</td></tr>
 *   <tr><td>REAPER_LEASE_NAMESPACE</td><td>reaper.lease-namespace</td><td>default</td><td>namespace of that Lease</td></tr>
 *   <tr><td>REAPER_LEASE_DURATION</td><td>reaper.lease-duration</td><td>15s</td><td>how long a lease is valid without renewal</td></tr>
 *   <tr><td>REAPER_LEASE_RENEW_DEADLINE</td><td>reaper.lease-renew-deadline</td><td>10s</td><td>the leader steps down when it could not renew for this long</td></tr>
 *   <tr><td>REAPER_LEASE_RETRY_PERIOD</td><td>reaper.lease-retry-period</td><td>2s</td><td>time between acquire/renew attempts</td></tr>
 *   <tr><td>REAPER_IDENTITY</td><td>reaper.identity</td><td>the host name</td><td>this replica's name in the Lease</td></tr>
 *   <tr><td>REAPER_DRY_RUN</td><td>reaper.dry-run</td><td>false (the chart: true)</td><td>every sweep logs, counts
 *       ({@code dry_run="true"}) and records in the audit log (once per target, action REAPER_DRY_RUN) what it would
 *       do, and changes nothing</td></tr>
 *   <tr><td>REAPER_ORPHAN_MAX_PER_SWEEP</td><td>reaper.orphan-max-per-sweep</td><td>100</td><td>orphaned namespaces
 *       deleted per sweep, oldest first; the rest wait for the next sweep</td></tr>
 *   <tr><td>REAPER_ORPHAN_MAX_PER_SECOND</td><td>reaper.orphan-max-per-second</td><td>5</td><td>orphaned namespaces
 *       deleted per second at most, evenly spaced</td></tr>
 *   <tr><td>REAPER_ORPHAN_PARALLELISM</td><td>reaper.orphan-parallelism</td><td>4</td><td>namespace deletions in
 *       flight at once</td></tr>
 *   <tr><td>REAPER_ORPHAN_MAX_SHARE</td><td>reaper.orphan-max-share</td><td>0.1</td><td>the guard: when more than
 *       this share of all managed namespaces looks orphaned, the sweep deletes nothing, logs an error and counts
 *       {@code store_orchestrator_reaper_guard_trips_total}</td></tr>
 *   <tr><td>REAPER_ORPHAN_GUARD_FLOOR</td><td>reaper.orphan-guard-floor</td><td>5</td><td>this many orphans never
 *       trip the guard (one leftover in a small installation)</td></tr>
 *   <tr><td>REAPER_ORPHAN_GUARD_OVERRIDE</td><td>reaper.orphan-guard-override</td><td>false</td><td>true lets a
 *       sweep delete beyond the share (still capped per sweep and per second); set it only for one clean-up</td></tr>
 *   <tr><td>REAPER_ORPHAN_PAGE_SIZE</td><td>reaper.orphan-page-size</td><td>500</td><td>namespaces per list page
 *       ({@code limit}/{@code continue}); one database query per page</td></tr>
 *   <tr><td>REAPER_EXPIRY_NOTICE</td><td>reaper.expiry-notice</td><td>1h</td><td>how long before a store's
 *       {@code expiresAt} it gets its EXPIRING event and a Kubernetes Event on its namespace; it is deleted at expiry,
 *       and never before a notice was applied</td></tr>
 *   <tr><td>REAPER_FAILED_RETENTION</td><td>reaper.failed-retention</td><td>0s (off)</td><td>a store FAILED for
 *       longer is deleted, as a delete request would</td></tr>
 *   <tr><td>REAPER_DELETED_RETENTION</td><td>reaper.deleted-retention</td><td>0s (off)</td><td>a store DELETED for
 *       longer has its rows (timeline, revisions) purged by the API; the audit log keeps its rows</td></tr>
 *   <tr><td>REAPER_STORE_MAX_PER_SWEEP</td><td>reaper.store-max-per-sweep</td><td>100</td><td>stores the expiry
 *       sweep, and each kind of retention, asks the API to delete or purge per sweep, oldest first; and READY stores
 *       it asks a scheduled backup of per sweep and plan</td></tr>
 *   <tr><td>REAPER_BACKUPS_ENABLED</td><td>reaper.backups-enabled</td><td>false</td><td>whether the workers have
 *       object storage (the chart sets it from {@code backups.s3.bucket}): on, READY stores on a plan with
 *       {@code backups.every} are backed up on that schedule (issue 11)</td></tr>
 *   <tr><td>KUBECONFIG, KUBERNETES_MASTER, in-cluster</td><td>(Fabric8 auto-configuration)</td><td></td><td>the API server</td></tr>
 *   <tr><td>KUBERNETES_CONNECT_TIMEOUT, KUBERNETES_REQUEST_TIMEOUT, KUBERNETES_QPS, KUBERNETES_BURST</td><td>kubernetes.*</td><td>5s, 15s, 50, 100</td><td>common's KubernetesSettings, shared with the worker</td></tr>
 * </table>
 */
@ConfigurationProperties("reaper")
public record ReaperConfig(
        Duration interval,
        Duration deadlineGrace,
        Duration stuckDeletingAfter,
        Duration orphanGrace,
        String leaseName,
        String leaseNamespace,
        Duration leaseDuration,
        Duration leaseRenewDeadline,
        Duration leaseRetryPeriod,
        @Nullable String identity,
        @Bindable(defaultValue = "false") boolean dryRun,
        @Bindable(defaultValue = "100") int orphanMaxPerSweep,
        @Bindable(defaultValue = "5") double orphanMaxPerSecond,
        @Bindable(defaultValue = "4") int orphanParallelism,
        @Bindable(defaultValue = "0.1") double orphanMaxShare,
        @Bindable(defaultValue = "5") int orphanGuardFloor,
        @Bindable(defaultValue = "false") boolean orphanGuardOverride,
        @Bindable(defaultValue = "500") int orphanPageSize,
        @Bindable(defaultValue = "1h") Duration expiryNotice,
        @Bindable(defaultValue = "0s") Duration failedRetention,
        @Bindable(defaultValue = "0s") Duration deletedRetention,
        @Bindable(defaultValue = "100") int storeMaxPerSweep,
        @Bindable(defaultValue = "false") boolean backupsEnabled) {

    public ReaperConfig {
        requirePositive(interval, "reaper.interval");
        requirePositive(leaseRetryPeriod, "reaper.lease-retry-period");
        if (orphanMaxPerSecond <= 0 || orphanParallelism < 1 || orphanPageSize < 1) {
            throw new IllegalArgumentException("REAPER_ORPHAN_MAX_PER_SECOND, REAPER_ORPHAN_PARALLELISM and "
                    + "REAPER_ORPHAN_PAGE_SIZE must be positive");
        }
        if (expiryNotice.isNegative() || failedRetention.isNegative() || deletedRetention.isNegative()
                || storeMaxPerSweep < 1) {
            throw new IllegalArgumentException("REAPER_EXPIRY_NOTICE and the retentions must not be negative, "
                    + "REAPER_STORE_MAX_PER_SWEEP must be positive");
        }
        // Built here too (fields are not assigned yet in a compact constructor) so a bad share stops the start.
        new OrphanSelection.Limits(orphanMaxPerSweep, orphanMaxShare, orphanGuardFloor, orphanGuardOverride);
        // Fabric8 and Kubernetes' own elector require duration > renew deadline > retry period, or two leaders
        // could overlap; refuse to start rather than run with a split brain.
        if (leaseDuration.compareTo(leaseRenewDeadline) <= 0 || leaseRenewDeadline.compareTo(leaseRetryPeriod) <= 0) {
            throw new IllegalArgumentException("REAPER_LEASE_DURATION (" + leaseDuration + ") must exceed "
                    + "REAPER_LEASE_RENEW_DEADLINE (" + leaseRenewDeadline + "), which must exceed "
                    + "REAPER_LEASE_RETRY_PERIOD (" + leaseRetryPeriod + ")");
        }
    }

    /** This replica's holder identity in the Lease: REAPER_IDENTITY, else the host name (the pod name in Kubernetes). */
    public String effectiveIdentity() {
        if (identity != null && !identity.isBlank()) {
            return identity;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "reaper-" + UUID.randomUUID();
        }
    }

    /** The orphan sweep's cap and guard. */
    public OrphanSelection.Limits orphanLimits() {
        return new OrphanSelection.Limits(orphanMaxPerSweep, orphanMaxShare, orphanGuardFloor, orphanGuardOverride);
    }

    /** REAPER_FAILED_RETENTION, if on. */
    public java.util.Optional<Duration> failedRetentionIfOn() {
        return failedRetention.isZero() ? java.util.Optional.empty() : java.util.Optional.of(failedRetention);
    }

    /** REAPER_DELETED_RETENTION, if on. */
    public java.util.Optional<Duration> deletedRetentionIfOn() {
        return deletedRetention.isZero() ? java.util.Optional.empty() : java.util.Optional.of(deletedRetention);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
