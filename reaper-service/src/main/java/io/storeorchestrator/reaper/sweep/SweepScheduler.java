package io.storeorchestrator.reaper.sweep;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.storeorchestrator.common.tracing.TraceLogging;
import io.storeorchestrator.common.tracing.Tracing;
import io.storeorchestrator.reaper.config.ReaperConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs every sweep, one after the other, every REAPER_INTERVAL, between {@link #start()} and {@link #stop()}. */
@Singleton
public class SweepScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(SweepScheduler.class);

    private final List<Sweep> sweeps;
    private final ReaperMetrics metrics;
    private final Tracing tracing;
    private final Clock clock;
    private final long intervalMillis;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("reaper-sweeps").daemon().factory());
    private volatile boolean active;
    private ScheduledFuture<?> schedule;

    public SweepScheduler(DeadlineSweep deadline, StuckDeletionSweep stuckDeletion, ExpirySweep expiry,
                          RetentionSweep retention, OrphanNamespaceSweep orphans, BackupScheduleSweep backups,
                          ReaperMetrics metrics,
                          Tracing tracing, Clock clock, ReaperConfig config) {
        // Failing overdue stores first: it is what users wait on. The namespace listing, the longest, last.
        this.sweeps = List.of(deadline, stuckDeletion, expiry, retention, orphans, backups);
        this.metrics = metrics;
        this.tracing = tracing;
        metrics.sweeps(sweeps.stream().map(Sweep::name).toList());
        this.clock = clock;
        this.intervalMillis = config.interval().toMillis();
    }

    /** Starts sweeping now and every interval. Idempotent. */
    public synchronized void start() {
        if (schedule != null) {
            return;
        }
        active = true;
        schedule = executor.scheduleWithFixedDelay(this::sweepOnce, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops at once: a pass in progress abandons before its next action. Idempotent. */
    public synchronized void stop() {
        active = false;
        if (schedule != null) {
            schedule.cancel(true);
            schedule = null;
        }
    }

    void sweepOnce() {
        for (Sweep sweep : sweeps) {
            if (!active) {
                return;
            }
            long started = System.nanoTime();
            // With tracing on, a sweep is a trace of its own: its queries' Kubernetes calls and publishes under it.
            Span span = tracing.span("sweep " + sweep.name(), SpanKind.INTERNAL).startSpan();
            try (Scope ignored = span.makeCurrent(); TraceLogging.Restore logging = TraceLogging.putCurrent()) {
                sweep.run(new SweepRun(clock.instant(), () -> active));
                metrics.sweep(sweep.name(), true, Duration.ofNanos(System.nanoTime() - started));
            } catch (SweepRun.LeadershipLostException e) {
                LOG.info("Leadership lost during the {} sweep; abandoning the pass", sweep.name());
                return;
            } catch (RuntimeException e) {
                // Database, broker or API server down: try again next interval, never stop the schedule.
                metrics.sweep(sweep.name(), false, Duration.ofNanos(System.nanoTime() - started));
                span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
                LOG.warn("The {} sweep failed; retrying in {} ms: {}", sweep.name(), intervalMillis, e.toString());
                LOG.debug("The {} sweep failed", sweep.name(), e);
            } finally {
                span.end();
            }
        }
    }

    @PreDestroy
    void close() {
        stop();
        executor.shutdownNow();
    }
}
