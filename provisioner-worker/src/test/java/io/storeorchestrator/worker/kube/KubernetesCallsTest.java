package io.storeorchestrator.worker.kube;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.storeorchestrator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubernetesCallsTest {

    private final KubernetesCalls calls = new KubernetesCalls(new WorkerConfig(4, Duration.ofSeconds(2),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5), "nginx", "ingress-nginx", null,
            null, "2Gi", "2", "4Gi", 10, 2, "10Gi", 3, Duration.ofMillis(1)));
    private final List<String> warnings = new ArrayList<>();
    private final RetryListener listener = (what, attempt, failure, wait) ->
            warnings.add(what + " #" + attempt + " " + failure.reason());

    @Test
    void transientErrorsAreRetriedWithAWarningEachTime() {
        AtomicInteger attempts = new AtomicInteger();

        String result = calls.call("apply Deployment wordpress", listener, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw error(503, "ServiceUnavailable");
            }
            return "applied";
        });

        assertThat(result).isEqualTo("applied");
        assertThat(warnings).containsExactly("apply Deployment wordpress #1 ServiceUnavailable",
                "apply Deployment wordpress #2 ServiceUnavailable");
    }

    @Test
    void permanentErrorsFailAtOnce() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> calls.call("apply Namespace x", listener, () -> {
            attempts.incrementAndGet();
            throw error(403, "Forbidden");
        })).isInstanceOfSatisfying(KubernetesStepException.class,
                e -> assertThat(e.failure().describeFor("namespace")).isEqualTo("namespace failed: Forbidden: denied"));
        assertThat(attempts).hasValue(1);
        assertThat(warnings).isEmpty();
    }

    @Test
    void transientErrorsThatOutlastTheAttemptsFailTheStep() {
        assertThatThrownBy(() -> calls.call("apply Ingress storefront", listener, () -> {
            throw error(500, "InternalError");
        })).isInstanceOf(KubernetesStepException.class).hasMessageContaining("InternalError");
        assertThat(warnings).hasSize(2);
    }

    private static KubernetesClientException error(int code, String reason) {
        return new KubernetesClientException("denied", code,
                new StatusBuilder().withCode(code).withReason(reason).withMessage("denied").build());
    }
}
