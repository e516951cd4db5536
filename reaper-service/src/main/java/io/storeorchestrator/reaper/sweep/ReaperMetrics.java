package io.storeorchestrator.reaper.sweep;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.storeorchestrator.common.metrics.PlatformMeters;
import io.storeorchestrator.common.metrics.PlatformMetric;
import io.storeorchestrator.reaper.config.ReaperConfig;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reaper's metrics (common's {@code PlatformMetric} has the names and meanings):
 * {@code store_orchestrator_reaper_leader} (1 while this replica holds the lease),
 * {@code store_orchestrator_reaper_actions_total{action,dry_run}} ({@link #ACTION_NAMES}; dry_run as REAPER_DRY_RUN
 * says), {@code store_orchestrator_reaper_sweeps_total{sweep,outcome}} (outcome ok | error) and
 * {@code store_orchestrator_reaper_sweep_duration_seconds{sweep}}, and
 * {@code store_orchestrator_reaper_guard_trips_total{sweep,dry_run}}, and the gauges
 * {@code store_orchestrator_reaper_sweep_scanned{sweep}} and {@code store_orchestrator_reaper_sweep_pending{sweep}}
 * (what the last pass examined and found to act on); every action and sweep registered at start-up.
 */
@Singleton
public class ReaperMetrics {

    public static final String ACTIONS = PlatformMetric.REAPER_ACTIONS.meterName();
    public static final String SWEEPS = PlatformMetric.REAPER_SWEEPS.meterName();
    public static final String LEADER = PlatformMetric.REAPER_LEADER.meterName();
    public static final String GUARD_TRIPS = PlatformMetric.REAPER_GUARD_TRIPS.meterName();

    public static final String DEADLINE_FAILED = "deadline-failed";
    public static final String TEARDOWN_RESENT = "teardown-resent";
    public static final String ORPHAN_NAMESPACE_DELETED = "orphan-namespace-deleted";
    public static final String EXPIRY_NOTICE = "expiry-notice";
    public static final String EXPIRED_DELETED = "expired-deleted";
    public static final String FAILED_RETENTION_DELETED = "failed-retention-deleted";
    public static final String DELETED_PURGED = "deleted-purged";
    public static final String NAMESPACE_MISSING = "namespace-missing";
    public static final String REPROVISION_REQUESTED = "reprovision-requested";
    /** Backups and restore (issue 11): a READY store's scheduled backup asked for. */
    public static final String BACKUP_REQUESTED = "backup-requested";
    public static final List<String> ACTION_NAMES = List.of(DEADLINE_FAILED, TEARDOWN_RESENT, ORPHAN_NAMESPACE_DELETED,
            EXPIRY_NOTICE, EXPIRED_DELETED, FAILED_RETENTION_DELETED, DELETED_PURGED, NAMESPACE_MISSING,
            REPROVISION_REQUESTED, BACKUP_REQUESTED);
    public static final String SCANNED = PlatformMetric.REAPER_SWEEP_SCANNED.meterName();
    public static final String PENDING = PlatformMetric.REAPER_SWEEP_PENDING.meterName();

    private final MeterRegistry registry;
    private final String dryRun;
    private final AtomicInteger leader = new AtomicInteger();
    private final Map<String, Counter> actions = new ConcurrentHashMap<>();
    private final Map<String, Counter> sweeps = new ConcurrentHashMap<>();
    private final Counter orphanGuardTrips;
    private final Counter missingNamespaceGuardTrips;
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> scanned = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();

    public ReaperMetrics(MeterRegistry registry, ReaperConfig config) {
        this.registry = registry;
        this.dryRun = Boolean.toString(config.dryRun());
        PlatformMeters.gauge(registry, PlatformMetric.REAPER_LEADER, leader, AtomicInteger::get);
        ACTION_NAMES.forEach(this::actionCounter);
        orphanGuardTrips = PlatformMeters.counter(registry, PlatformMetric.REAPER_GUARD_TRIPS,
                "sweep", OrphanNamespaceSweep.NAME, "dry_run", dryRun);
        missingNamespaceGuardTrips = PlatformMeters.counter(registry, PlatformMetric.REAPER_GUARD_TRIPS,
                "sweep", MissingNamespaces.GUARD, "dry_run", dryRun);
    }

    /** Registers the sweeps' series at 0, before their first pass. */
    public void sweeps(List<String> names) {
        for (String name : names) {
            sweepCounter(name, true);
            sweepCounter(name, false);
            duration(name);
            gauge(scanned, PlatformMetric.REAPER_SWEEP_SCANNED, name);
            gauge(pending, PlatformMetric.REAPER_SWEEP_PENDING, name);
        }
    }

    /** What the last pass of {@code sweep} examined, and found to act on. */
    public void counts(String sweep, long examined, long found) {
        gauge(scanned, PlatformMetric.REAPER_SWEEP_SCANNED, sweep).set(examined);
        gauge(pending, PlatformMetric.REAPER_SWEEP_PENDING, sweep).set(found);
    }

    private AtomicLong gauge(Map<String, AtomicLong> gauges, PlatformMetric metric, String sweep) {
        return gauges.computeIfAbsent(sweep, s -> {
            AtomicLong value = new AtomicLong();
            PlatformMeters.gauge(registry, metric, value, AtomicLong::get, "sweep", s);
            return value;
        });
    }

    public void action(String action) {
        actionCounter(action).increment();
    }

    public void orphanGuardTripped() {
        orphanGuardTrips.increment();
    }

    /** Too many live stores looked as if their namespace were gone: none was reported. */
    public void missingNamespaceGuardTripped() {
        missingNamespaceGuardTrips.increment();
    }

    public void sweep(String sweep, boolean ok, Duration took) {
        sweepCounter(sweep, ok).increment();
        duration(sweep).record(took);
    }

    public void leader(boolean leading) {
        leader.set(leading ? 1 : 0);
    }

    private Counter actionCounter(String action) {
        return actions.computeIfAbsent(action, a -> PlatformMeters.counter(registry, PlatformMetric.REAPER_ACTIONS,
                "action", a, "dry_run", dryRun));
    }

    private Counter sweepCounter(String sweep, boolean ok) {
        String outcome = ok ? "ok" : "error";
        return sweeps.computeIfAbsent(sweep + "/" + outcome, key -> PlatformMeters.counter(registry,
                PlatformMetric.REAPER_SWEEPS, "sweep", sweep, "outcome", outcome));
    }

    private Timer duration(String sweep) {
        return durations.computeIfAbsent(sweep, s -> PlatformMeters.histogram(registry,
                PlatformMetric.REAPER_SWEEP_DURATION, PlatformMeters.SWEEP_BUCKETS, "sweep", s));
    }
}
