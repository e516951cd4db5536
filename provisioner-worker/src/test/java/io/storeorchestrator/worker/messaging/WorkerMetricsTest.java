package io.storeorchestrator.worker.messaging;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.metrics.PlatformMetric;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.flow.CommandResult;
import io.storeorchestrator.worker.flow.ProvisionFlow;
import io.storeorchestrator.worker.model.StoreSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WorkerMetrics metrics = new WorkerMetrics(registry, WorkerConfig.defaults());

    @Test
    void everyCommandTypeAndOutcomeIsCountedFromTheStart() {
        assertThat(registry.find(PlatformMetric.COMMANDS_PROCESSED.meterName()).counters())
                .hasSize(CommandType.values().length * CommandResult.values().length);
        metrics.finished(CommandType.PROVISION, CommandResult.PARKED);
        assertThat(registry.get(PlatformMetric.COMMANDS_PROCESSED.meterName())
                .tags("type", "provision", "outcome", "parked").counter().count()).isEqualTo(1);
        assertThat(registry.get(PlatformMetric.STEP_SLOTS.meterName()).gauge().value()).isEqualTo(4);
        assertThat(registry.get(PlatformMetric.DRIFT_CORRECTIONS.meterName()).counter().count()).isZero();
        assertThat(registry.get(PlatformMetric.DEAD_LETTERED.meterName()).tags("queue", "store.commands.dead")
                .counter().count()).isZero();
    }

    @Test
    void rollbacksAreCountedByOutcomeAndDriftByObjectFromTheStart() {
        assertThat(registry.find(PlatformMetric.ROLLBACKS.meterName()).counters()).hasSize(3)
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(registry.get(PlatformMetric.REPROVISIONS.meterName()).counter().count()).isZero();

        metrics.finished(CommandType.UPDATE, CommandResult.ROLLING_BACK);
        metrics.finished(CommandType.UPDATE, CommandResult.ROLLED_BACK);
        metrics.rollback(CommandResult.ROLLBACK_FAILED);
        metrics.rollback(CommandResult.FAILED);
        metrics.driftCorrected(3);
        metrics.reprovisioned();

        for (String outcome : List.of("started", "rolled_back", "failed")) {
            assertThat(registry.get(PlatformMetric.ROLLBACKS.meterName()).tags("outcome", outcome).counter().count())
                    .as(outcome).isEqualTo(1);
        }
        assertThat(registry.get(PlatformMetric.DRIFT_CORRECTIONS.meterName()).counter().count()).isEqualTo(3);
        assertThat(registry.get(PlatformMetric.REPROVISIONS.meterName()).counter().count()).isEqualTo(1);
    }

    @Test
    void everyStepThatReportsADurationIsTimedFromTheStart() {
        Set<StepName> provisioning = new HashSet<>();
        ProvisionFlow flow = new ProvisionFlow(null, null, null, null, WorkerConfig.defaults(), null);
        StoreCatalog catalog = StoreCatalogLoader.defaults();
        for (Engine engine : Engine.values()) {
            StoreCatalog.Choice choice = catalog.choose(engine, null, null);
            provisioning.addAll(flow.stepNames(new StoreSpec(UUID.randomUUID(), "shop", engine, 1, "store-x",
                    "shop.example", choice.plan(), choice.version(), 1)));
            for (var template : catalog.templates(engine)) {
                provisioning.addAll(flow.stepNames(new StoreSpec(UUID.randomUUID(), "shop", engine, 1, "store-x",
                        "shop.example", choice.plan(), choice.version(), 1, null, template, java.util.List.of())));
            }
        }
        assertThat(provisioning).contains(StepName.TEMPLATE);
        // Waits report no duration: they are not timed.
        provisioning.removeAll(Set.of(StepName.WAIT_DATABASE, StepName.WAIT_APP, StepName.WAIT_READY));
        assertThat(WorkerMetrics.TIMED_STEPS).containsAll(provisioning).contains(StepName.DELETE_NAMESPACE);
        assertThat(registry.find(PlatformMetric.STEP_DURATION.meterName()).timers())
                .hasSize(WorkerMetrics.TIMED_STEPS.size());

        metrics.reported(List.of(
                StoreEvent.stepDone(UUID.randomUUID(), 1, StepName.DATABASE, "created", Duration.ofMillis(120)),
                StoreEvent.of(UUID.randomUUID(), 1, StoreEventType.WAITING, StepName.WAIT_READY, "pods")));
        assertThat(registry.get(PlatformMetric.STEP_DURATION.meterName()).tags("step", "database").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(120);
        assertThat(registry.find(PlatformMetric.STEP_DURATION.meterName()).tags("step", "wait-ready").timer())
                .isNull();
    }
}
