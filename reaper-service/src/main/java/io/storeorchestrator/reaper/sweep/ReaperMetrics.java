package io.storeorchestrator.reaper.sweep;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reaper's metrics, as Prometheus shows them:
 * {@code reaper_leader} (1 while this replica holds the lease),
 * {@code reaper_actions_total{action}} (deadline-failed, teardown-resent, orphan-namespace-deleted),
 * {@code reaper_sweeps_total{sweep,outcome}} (outcome ok | error).
 */
@Singleton
public class ReaperMetrics {

    public static final String ACTIONS = "reaper.actions";
    public static final String SWEEPS = "reaper.sweeps";
    public static final String LEADER = "reaper.leader";

    private final MeterRegistry registry;
    private final AtomicInteger leader = new AtomicInteger();

    public ReaperMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(LEADER, leader, AtomicInteger::get)
                .description("1 while this replica holds the reaper lease and sweeps, else 0")
                .register(registry);
    }

    public void action(String action) {
        Counter.builder(ACTIONS).description("Clean-up actions taken by the reaper")
                .tag("action", action).register(registry).increment();
    }

    public void sweep(String sweep, boolean ok) {
        Counter.builder(SWEEPS).description("Sweep passes run by the leader")
                .tag("sweep", sweep).tag("outcome", ok ? "ok" : "error").register(registry).increment();
    }

    public void leader(boolean leading) {
        leader.set(leading ? 1 : 0);
    }
}
