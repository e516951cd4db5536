package io.storeorchestrator.worker.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.common.metrics.PlatformMeters;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.flow.CommandResult;
import jakarta.inject.Singleton;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.storeorchestrator.common.metrics.PlatformMetric.COMMANDS_PROCESSED;
import static io.storeorchestrator.common.metrics.PlatformMetric.DEAD_LETTERED;
import static io.storeorchestrator.common.metrics.PlatformMetric.DRIFT_CORRECTIONS;
import static io.storeorchestrator.common.metrics.PlatformMetric.REPROVISIONS;
import static io.storeorchestrator.common.metrics.PlatformMetric.ROLLBACKS;
import static io.storeorchestrator.common.metrics.PlatformMetric.STEPS_IN_FLIGHT;
import static io.storeorchestrator.common.metrics.PlatformMetric.STEP_DURATION;
import static io.storeorchestrator.common.metrics.PlatformMetric.STEP_SLOTS;
import static io.storeorchestrator.common.metrics.PlatformMetric.STORES_WAITING;

/**
 * What the worker exports for dashboards and autoscaling (common's {@code PlatformMetric} has the names and meanings):
 * command deliveries by type and outcome, step durations as the STEP events report them, steps in flight against the
 * step slots, parked stores, dead-lettered commands, drift corrections, re-provisioned stores, automatic rollbacks.
 * Every label value is registered at start-up.
 */
@Singleton
public final class WorkerMetrics {

    /** The steps whose STEP events carry a duration: the provisioning graph's and the namespace delete. */
    public static final Set<StepName> TIMED_STEPS = EnumSet.of(StepName.NAMESPACE, StepName.RESOURCE_QUOTA,
            StepName.LIMIT_RANGE, StepName.NETWORK_POLICIES, StepName.SECRET, StepName.SERVICES, StepName.DATABASE,
            StepName.CACHE, StepName.MIGRATIONS, StepName.ADMIN_USER, StepName.APPLICATION, StepName.INGRESS,
            StepName.DELETE_NAMESPACE,
            // Templates (issue 11)
            StepName.TEMPLATE,
            // WooCommerce content volume (issue 11 follow-up)
            StepName.CONTENT);
    /** The dead-letter queue commands go to, by its name without the topology prefix. */
    static final String DEAD_COMMANDS = Topology.standard().deadCommandsQueue();

    private final MeterRegistry registry;
    private final AtomicInteger stepsInFlight = new AtomicInteger();
    private final Map<CommandType, Map<CommandResult, Counter>> processed = new EnumMap<>(CommandType.class);
    private final Map<String, Timer> stepDurations = new ConcurrentHashMap<>();
    private final Counter deadLettered;
    private final Counter driftCorrections;
    private final Counter reprovisions;
    /** By the result that ends a rollback's stage: sent, done, failed too. */
    private final Map<CommandResult, Counter> rollbacks = new EnumMap<>(CommandResult.class);

    public WorkerMetrics(MeterRegistry registry, WorkerConfig config) {
        this.registry = registry;
        PlatformMeters.gauge(registry, STEPS_IN_FLIGHT, stepsInFlight, AtomicInteger::get);
        PlatformMeters.gauge(registry, STEP_SLOTS, config, WorkerConfig::concurrency);
        for (CommandType type : CommandType.values()) {
            Map<CommandResult, Counter> byResult = new EnumMap<>(CommandResult.class);
            for (CommandResult result : CommandResult.values()) {
                byResult.put(result, PlatformMeters.counter(registry, COMMANDS_PROCESSED, "type", type.routingKey(),
                        "outcome", result.name().toLowerCase(Locale.ROOT)));
            }
            processed.put(type, byResult);
        }
        TIMED_STEPS.forEach(step -> stepTimer(step.id()));
        deadLettered = PlatformMeters.counter(registry, DEAD_LETTERED, "queue", DEAD_COMMANDS);
        driftCorrections = PlatformMeters.counter(registry, DRIFT_CORRECTIONS);
        reprovisions = PlatformMeters.counter(registry, REPROVISIONS);
        rollbacks.put(CommandResult.ROLLING_BACK, PlatformMeters.counter(registry, ROLLBACKS, "outcome", "started"));
        rollbacks.put(CommandResult.ROLLED_BACK, PlatformMeters.counter(registry, ROLLBACKS, "outcome", "rolled_back"));
        rollbacks.put(CommandResult.ROLLBACK_FAILED, PlatformMeters.counter(registry, ROLLBACKS, "outcome", "failed"));
    }

    /** Exposes how many stores wait on this worker. */
    public void waitingStores(Supplier<Number> count) {
        PlatformMeters.gauge(registry, STORES_WAITING, count, c -> c.get().doubleValue());
    }

    public void stepStarted() {
        stepsInFlight.incrementAndGet();
    }

    public void stepFinished() {
        stepsInFlight.decrementAndGet();
    }

    public void finished(CommandType type, CommandResult result) {
        processed.get(type).get(result).increment();
        rollback(result);
    }

    /** Counts a rollback sent, done or failed, when {@code result} is one of those. */
    public void rollback(CommandResult result) {
        Counter counter = rollbacks.get(result);
        if (counter != null) {
            counter.increment();
        }
    }

    /** Objects of a READY store applied again because they no longer matched. */
    public void driftCorrected(int objects) {
        driftCorrections.increment(objects);
    }

    /** A READY store whose namespace vanished was sent to be provisioned again. */
    public void reprovisioned() {
        reprovisions.increment();
    }

    /** Events the broker confirmed: the durations of the steps they end. */
    public void reported(Iterable<StoreEvent> events) {
        for (StoreEvent event : events) {
            if (event.type() == StoreEventType.STEP && event.durationMs() != null) {
                stepTimer(event.step()).record(event.durationMs(), TimeUnit.MILLISECONDS);
            }
        }
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    private Timer stepTimer(String step) {
        return stepDurations.computeIfAbsent(step, id -> PlatformMeters.histogram(registry, STEP_DURATION,
                PlatformMeters.STEP_BUCKETS, "step", id));
    }
}
