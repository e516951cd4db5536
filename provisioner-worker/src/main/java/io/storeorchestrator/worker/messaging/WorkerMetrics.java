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

/**
 * What the worker exports for dashboards and autoscaling:
 * {@code worker_commands_processed_total{type,outcome}}, {@code worker_provisioning_duration_seconds{outcome}},
 * {@code worker_commands_in_flight}.
 */
@Singleton
public final class WorkerMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("worker.commands.in.flight", inFlight, AtomicInteger::get)
                .description("Commands this worker is running now")
                .register(registry);
    }

    public void started() {
        inFlight.incrementAndGet();
    }

    public void finished(CommandType type, CommandResult result) {
        inFlight.decrementAndGet();
        Counter.builder("worker.commands.processed")
                .description("Commands processed, by type and outcome")
                .tag("type", type.routingKey())
                .tag("outcome", result.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** Time from a provisioning command's start to READY or FAILED. */
    public void provisioned(CommandResult result, Duration duration) {
        Timer.builder("worker.provisioning.duration")
                .description("Time a provisioning command took to make a store ready or failed")
                .tag("outcome", result.name().toLowerCase(Locale.ROOT))
                .publishPercentileHistogram()
                .register(registry)
                .record(duration);
    }

    public void deadLettered() {
        Counter.builder("worker.commands.dead.lettered")
                .description("Messages rejected as malformed")
                .register(registry)
                .increment();
    }
}
