package io.storeorchestrator.reaper.leader;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.storeorchestrator.reaper.config.ReaperConfig;
import io.storeorchestrator.reaper.sweep.ReaperMetrics;
import io.storeorchestrator.reaper.sweep.SweepScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes exactly one reaper replica act at a time, through Fabric8's {@code LeaderElector} on a coordination.k8s.io
 * Lease (REAPER_LEASE_NAME in REAPER_LEASE_NAMESPACE).
 *
 * <p>Winning the lease starts the sweeps; losing it (or failing to renew within REAPER_LEASE_RENEW_DEADLINE, which is
 * shorter than the lease duration, so the old leader stops before a new one can start) stops them at once. A Fabric8
 * elector is single-use, so each round of the election gets a fresh one, started again after REAPER_LEASE_RETRY_PERIOD
 * for as long as the reaper runs, including while the API server is unreachable. On shutdown the lease is released, so
 * a standby takes over without waiting for it to expire.
 */
@Singleton
public class LeaderElection {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final KubernetesClient kubernetes;
    private final SweepScheduler sweeps;
    private final ReaperMetrics metrics;
    private final ReaperConfig config;
    private final String identity;
    private final ExecutorService electorExecutor = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("reaper-leader-election-", 0).daemon().factory());
    private final ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("reaper-leader-restart").daemon().factory());
    private final AtomicBoolean leading = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean leaseNamespaceChecked;
    private CompletableFuture<?> round;

    public LeaderElection(KubernetesClient kubernetes, SweepScheduler sweeps, ReaperMetrics metrics,
                          ReaperConfig config) {
        this.kubernetes = kubernetes;
        this.sweeps = sweeps;
        this.metrics = metrics;
        this.config = config;
        this.identity = config.effectiveIdentity();
    }

    @EventListener
    void onStartup(StartupEvent event) {
        LOG.info("Reaper {} campaigning for lease {}/{}", identity, config.leaseNamespace(), config.leaseName());
        campaign();
    }

    public String identity() {
        return identity;
    }

    private synchronized void campaign() {
        if (closed) {
            return;
        }
        ensureLeaseNamespace();
        CompletableFuture<?> started = new LeaderElectorBuilder(kubernetes, electorExecutor)
                .withConfig(electionConfig()).build().start();
        round = started;
        started.whenComplete((ignored, error) -> {
            stoppedLeading();
            if (error != null && !(error instanceof CancellationException)) {
                LOG.warn("Leader election round ended with an error: {}", error.toString());
            }
            if (!closed) {
                restarter.schedule(this::campaign, config.leaseRetryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private LeaderElectionConfig electionConfig() {
        return new LeaderElectionConfigBuilder()
                .withName("store-orchestrator-reaper")
                .withLock(new LeaseLock(config.leaseNamespace(), config.leaseName(), identity))
                .withLeaseDuration(config.leaseDuration())
                .withRenewDeadline(config.leaseRenewDeadline())
                .withRetryPeriod(config.leaseRetryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading,
                        leader -> LOG.info("Reaper leader is now {}", leader)))
                .build();
    }

    private void startedLeading() {
        if (closed || !leading.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Reaper {} is the leader: sweeping every {}", identity, config.interval());
        metrics.leader(true);
        sweeps.start();
    }

    private void stoppedLeading() {
        if (!leading.compareAndSet(true, false)) {
            return;
        }
        // Stop acting before anything else: another replica may already hold the lease.
        sweeps.stop();
        metrics.leader(false);
        LOG.info("Reaper {} lost the leadership: sweeps stopped", identity);
        CompletableFuture<?> current = round;
        if (current != null && !current.isDone()) {
            current.cancel(true);
        }
    }

    /**
     * The lease namespace must exist. Normally it does (the release namespace); on a bare cluster or a simulator it may
     * not, so create it once if we may. Without permission to read namespaces, assume it exists.
     */
    private void ensureLeaseNamespace() {
        if (leaseNamespaceChecked) {
            return;
        }
        try {
            if (kubernetes.namespaces().withName(config.leaseNamespace()).get() == null) {
                kubernetes.namespaces().resource(new NamespaceBuilder()
                        .withNewMetadata().withName(config.leaseNamespace()).endMetadata().build()).create();
                LOG.warn("Lease namespace {} did not exist; created it", config.leaseNamespace());
            }
            leaseNamespaceChecked = true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 || e.getCode() == 409) {
                leaseNamespaceChecked = true;
            } else {
                LOG.warn("Could not check lease namespace {}: {}", config.leaseNamespace(), e.getMessage());
            }
        }
    }

    @PreDestroy
    void close() {
        CompletableFuture<?> current;
        synchronized (this) {
            closed = true;
            current = round;
        }
        sweeps.stop();
        if (current != null) {
            // Releases the lease (releaseOnCancel) so a standby takes over at once.
            current.cancel(true);
        }
        stoppedLeading();
        metrics.leader(false);
        restarter.shutdownNow();
        electorExecutor.shutdownNow();
    }
}
