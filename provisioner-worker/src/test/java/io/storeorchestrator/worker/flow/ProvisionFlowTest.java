package io.storeorchestrator.worker.flow;

import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.kube.ApplyOutcome;
import io.storeorchestrator.worker.kube.KubernetesFailure;
import io.storeorchestrator.worker.kube.KubernetesStepException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.CREATED;
import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.UNCHANGED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvisionFlowTest {

    @Test
    void stepsRunInTheContractsOrder() {
        ProvisionFlow flow = new ProvisionFlow(null, null, WorkerConfig.defaults());

        assertThat(flow.stepNames()).containsExactly("namespace", "resource-quota", "limit-range",
                "network-policies", "secret", "database", "application", "ingress", "wait-ready");
    }

    @Test
    void stepMessagesListWhatHappenedToEachObject() {
        assertThat(Step.describe(List.of(new ApplyOutcome("StatefulSet", "mariadb", CREATED),
                new ApplyOutcome("Service", "mariadb", UNCHANGED))))
                .isEqualTo("StatefulSet mariadb created, Service mariadb unchanged");
    }

    @Test
    void aKubernetesErrorFailsTheStepWithAReasonAUserCanActOn() {
        Step step = new Step("network-policies", "test", run -> {
            throw new KubernetesStepException(new KubernetesFailure(false, "Forbidden",
                    "networkpolicies.networking.k8s.io is forbidden"), null);
        });

        assertThatThrownBy(() -> ProvisionFlow.execute(step, null))
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.step()).isEqualTo("network-policies");
                    assertThat(e.reason()).isEqualTo(
                            "network-policies failed: Forbidden: networkpolicies.networking.k8s.io is forbidden");
                });
    }

    @Test
    void durationsReadLikeATimeline() {
        assertThat(Durations.human(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.human(Duration.ofSeconds(95))).isEqualTo("1m35s");
        assertThat(Durations.human(Duration.ofMillis(800))).isEqualTo("800ms");
        assertThat(Durations.human(Duration.ofHours(1).plusSeconds(2))).isEqualTo("1h2s");
    }
}
