package io.storeorchestrator.worker.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.worker.flow.CommandResult;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What the worker exports for dashboards and autoscaling:
 * {@code worker_commands_processed_total{type,outcome}} (one per delivery, including wake-ups),
 * {@code worker_steps_in_flight} (what WORKER_CONCURRENCY bounds), {@code worker_stores_waiting},
 * {@code worker_provisioning_duration_seconds{outcome}} (request to READY or FAILED).
 */
@Singleton
public final class WorkerMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger stepsInFlight = new AtomicInteger();

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("worker.steps.in.flight", stepsInFlight, AtomicInteger::get)
                .description("Steps (Kubernetes writes, readiness looks) this worker is executing now")
                .register(registry);
    }

    /** Exposes how many stores wait on this worker. */
    public void waitingStores(Supplier<Number> count) {
        Gauge.builder("worker.stores.waiting", count).description("Stores parked on this worker, waiting for the cluster")
                .register(registry);
    }

    public void stepStarted() {
        stepsInFlight.incrementAndGet();
    }

    public void stepFinished() {
        stepsInFlight.decrementAndGet();
    }

    public void finished(CommandType type, CommandResult result) {
        Counter.builder("worker.commands.processed")
                .description("Command deliveries processed, by type and outcome")
                .tag("type", type.routingKey())
                .tag("outcome", result.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** Time from a provisioning request to READY or FAILED. */
    public void provisioned(CommandResult result, Duration duration) {
        Timer.builder("worker.provisioning.duration")
                .description("Time from a provisioning request until the store was ready or failed")
                .tag("outcome", result.name().toLowerCase(Locale.ROOT))
                .publishPercentileHistogram()
                .register(registry)
                .record(duration);
    }

    public void deadLettered() {
        Counter.builder("worker.commands.dead.lettered")
                .description("Messages rejected as malformed or given up after too many deliveries")
                .register(registry)
                .increment();
    }
}
