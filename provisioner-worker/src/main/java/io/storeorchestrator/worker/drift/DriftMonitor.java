package io.storeorchestrator.worker.drift;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.storeorchestrator.common.naming.StoreNames;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.flow.ShutdownSignal;
import io.storeorchestrator.worker.kube.WorkloadWatch;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When READY stores are checked for drift ({@link DriftCheck}), on every worker, with no coordination beyond the
 * stores' leases:
 *
 * <ul>
 *   <li><b>periodically</b>: every quarter of {@code WORKER_DRIFT_CHECK_INTERVAL}, the worker checks the READY stores
 *       whose lease nobody took for half an interval, in batches of {@value #BATCH}, in random order. Taking a store's
 *       lease marks it checked, so N workers share the stores instead of each checking all of them, and no store
 *       goes longer than about three quarters of an interval unchecked;</li>
 *   <li><b>on watch events</b>: a change to a Deployment, StatefulSet or namespace of a store (spec, labels, deletion)
 *       has that store checked a second later, unless it was checked in the last {@value #WATCH_GAP_SECONDS} s (the
 *       platform's own corrections come back as such events).</li>
 * </ul>
 *
 * Cost per check of a store in sync: five label-selected list calls and two statements (see {@link ClusterObjects});
 * at the default interval, 1000 READY stores cost the cluster about 1000 × 5 × 2 / 60 s ≈ 170 light list calls a
 * second, spread over the workers and bounded by WORKER_CONCURRENCY and KUBERNETES_QPS. Checks run one at a time on
 * each worker, so a worker checks at most a few dozen stores a second; larger fleets want a longer interval or more
 * workers. {@code WORKER_DRIFT_CORRECTION_ENABLED=false} turns all of it off.
 */
@Singleton
public final class DriftMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);
    static final int BATCH = 50;
    static final long WATCH_GAP_SECONDS = 5;
    private static final Duration WATCH_DELAY = Duration.ofSeconds(1);

    private final ReadyStores stores;
    private final DriftCheck check;
    private final WorkloadWatch watch;
    private final WorkerConfig config;
    private final ShutdownSignal shutdown;
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    /** One thread sweeps, one checks what the watches saw: a long sweep does not hold back a quick correction. */
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("drift-sweep").daemon().factory());
    private final ScheduledExecutorService watched = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("drift-watch").daemon().factory());
    private volatile String lastProblem;

    public DriftMonitor(ReadyStores stores, DriftCheck check, WorkloadWatch watch, WorkerConfig config,
                        ShutdownSignal shutdown) {
        this.stores = stores;
        this.check = check;
        this.watch = watch;
        this.config = config;
        this.shutdown = shutdown;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (!config.driftCorrectionEnabled()) {
            LOG.info("Drift correction is off (WORKER_DRIFT_CORRECTION_ENABLED=false): READY stores are left alone");
            return;
        }
        long every = sweepEvery().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        watch.onSpecChange(this::changed);
        LOG.info("Drift checks: every READY store at least every {}s, and on watch events",
                config.driftCheckInterval().toSeconds());
    }

    private Duration sweepEvery() {
        return config.driftCheckInterval().dividedBy(4);
    }

    private Duration dueAfter() {
        return config.driftCheckInterval().dividedBy(2);
    }

    /** Checks every due store, batch after batch, until none is left or all the rest are someone else's. */
    void sweep() {
        try {
            while (!shutdown.isStopping()) {
                List<ReadyStore> due = stores.due(dueAfter(), BATCH);
                lastProblem = null;
                int checked = 0;
                for (ReadyStore store : due) {
                    if (shutdown.isStopping()) {
                        return;
                    }
                    if (checkSafely(store, dueAfter()) != DriftCheck.Outcome.SKIPPED) {
                        checked++;
                    }
                }
                if (due.size() < BATCH || checked == 0) {
                    return;
                }
            }
        } catch (SQLException e) {
            if (!Objects.equals(e.getMessage(), lastProblem)) {
                LOG.warn("Drift sweep skipped: PostgreSQL: {}", e.getMessage());
            }
            lastProblem = e.getMessage();
        } catch (RuntimeException e) {
            LOG.warn("Drift sweep failed; the next one starts over", e);
        }
    }

    private void changed(String namespace) {
        StoreNames.storeIdOf(namespace).filter(pending::add).ifPresent(storeId -> watched.schedule(() -> {
            pending.remove(storeId);
            if (shutdown.isStopping()) {
                return;
            }
            try {
                stores.ready(storeId).ifPresent(store -> checkSafely(store, watchGap()));
            } catch (SQLException e) {
                LOG.debug("Drift check of store {} left to the next sweep: {}", storeId, e.getMessage());
            }
        }, WATCH_DELAY.toMillis(), TimeUnit.MILLISECONDS));
    }

    private Duration watchGap() {
        Duration gap = Duration.ofSeconds(WATCH_GAP_SECONDS);
        return gap.compareTo(dueAfter()) < 0 ? gap : dueAfter();
    }

    private DriftCheck.Outcome checkSafely(ReadyStore store, Duration notWithin) {
        try {
            return check.check(store, notWithin);
        } catch (RuntimeException e) {
            // The broker or the cluster went away mid-check: nothing is lost, the next check starts over.
            LOG.warn("Drift check of store {} failed: {}", store.id(), e.toString());
            return DriftCheck.Outcome.SKIPPED;
        }
    }

    @PreDestroy
    void close() {
        sweeper.shutdownNow();
        watched.shutdownNow();
    }
}
