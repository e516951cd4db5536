package io.storeorchestrator.worker.flow;

import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.kube.ApplyOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.storeorchestrator.common.lifecycle.StepName.APPLICATION;
import static io.storeorchestrator.common.lifecycle.StepName.DATABASE;
import static io.storeorchestrator.common.lifecycle.StepName.INGRESS;
import static io.storeorchestrator.common.lifecycle.StepName.LIMIT_RANGE;
import static io.storeorchestrator.common.lifecycle.StepName.NAMESPACE;
import static io.storeorchestrator.common.lifecycle.StepName.NETWORK_POLICIES;
import static io.storeorchestrator.common.lifecycle.StepName.RESOURCE_QUOTA;
import static io.storeorchestrator.common.lifecycle.StepName.SECRET;
import static io.storeorchestrator.common.lifecycle.StepName.SERVICES;
import static io.storeorchestrator.common.lifecycle.StepName.WAIT_READY;
import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.CREATED;
import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.UNCHANGED;
import static org.assertj.core.api.Assertions.assertThat;

class ProvisionFlowTest {

    @Test
    void stepsAreReportedInTheContractsOrderStageByStageWithWaitReadyLast() {
        ProvisionFlow flow = new ProvisionFlow(null, null, null, WorkerConfig.defaults());

        assertThat(flow.stepNames()).containsExactly(NAMESPACE, RESOURCE_QUOTA, LIMIT_RANGE, NETWORK_POLICIES, SECRET,
                SERVICES, DATABASE, APPLICATION, INGRESS, WAIT_READY);
    }

    @Test
    void stepNamesOnTheWireAreTheDeclaredIds() {
        ProvisionFlow flow = new ProvisionFlow(null, null, null, WorkerConfig.defaults());

        assertThat(flow.stepNames()).extracting(step -> step.id()).containsExactly("namespace", "resource-quota",
                "limit-range", "network-policies", "secret", "services", "database", "application", "ingress",
                "wait-ready");
    }

    @Test
    void stepMessagesListWhatHappenedToEachObject() {
        assertThat(Step.describe(List.of(new ApplyOutcome("StatefulSet", "mariadb", CREATED),
                new ApplyOutcome("Service", "mariadb", UNCHANGED))))
                .isEqualTo("StatefulSet mariadb created, Service mariadb unchanged");
    }

    @Test
    void durationsReadLikeATimeline() {
        assertThat(Durations.human(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.human(Duration.ofSeconds(95))).isEqualTo("1m35s");
        assertThat(Durations.human(Duration.ofMillis(800))).isEqualTo("800ms");
        assertThat(Durations.human(Duration.ofHours(1).plusSeconds(2))).isEqualTo("1h2s");
        assertThat(Durations.human(Duration.ofSeconds(-3))).isEqualTo("0ms");
    }
}
