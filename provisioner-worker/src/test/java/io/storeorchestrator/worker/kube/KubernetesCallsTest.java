package io.storeorchestrator.worker.kube;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.storeorchestrator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubernetesCallsTest {

    private static final int ATTEMPTS = 3;
    private static final Duration BACKOFF = Duration.ofMillis(1);

    private final KubernetesCalls calls = new KubernetesCalls(new WorkerConfig(4, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(2), true, Duration.ofSeconds(60), Duration.ofMinutes(5),
            "nginx", "ingress-nginx", null, null, ATTEMPTS, BACKOFF, Duration.ofSeconds(60), true,
            Duration.ofMinutes(10), null, null, null, null));
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final RetryListener listener = (what, attempt, failure, wait) -> {
        warnings.add(what + " #" + attempt + " " + failure.reason());
        waits.add(wait);
    };

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
    void withoutRetryAfterTheWaitIsTheExponentialBackOff() {
        AtomicInteger attempts = new AtomicInteger();

        calls.call("apply Service mariadb", listener, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw error(500, "InternalError");
            }
            return "applied";
        });

        assertThat(waits).containsExactly(BACKOFF, BACKOFF.multipliedBy(2));
    }

    @Test
    void throttlingWaitsWhatTheServerAskedForInsteadOfTheBackOff() {
        AtomicInteger attempts = new AtomicInteger();

        String result = calls.call("apply Ingress storefront", listener, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new KubernetesClientException(new StatusBuilder().withCode(429).withReason("TooManyRequests")
                        .withMessage("too many requests").withNewDetails().withRetryAfterSeconds(1).endDetails()
                        .build());
            }
            return "applied";
        });

        assertThat(result).isEqualTo("applied");
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        assertThat(warnings).containsExactly("apply Ingress storefront #1 TooManyRequests");
    }

    @Test
    void aConflictIsRetried() {
        AtomicInteger attempts = new AtomicInteger();

        String result = calls.call("apply Deployment wordpress", listener, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw error(409, "Conflict");
            }
            return "applied";
        });

        assertThat(result).isEqualTo("applied");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void permanentErrorsFailAtOnceNamingTheCall() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> calls.call("apply Namespace x", listener, () -> {
            attempts.incrementAndGet();
            throw error(403, "Forbidden");
        })).isInstanceOfSatisfying(KubernetesStepException.class, e -> {
            assertThat(e.what()).isEqualTo("apply Namespace x");
            assertThat(e.failure().transientError()).isFalse();
            assertThat(e.failure().reason()).isEqualTo("Forbidden");
            assertThat(e.failure().message()).isEqualTo("denied");
            assertThat(e).hasMessage("apply Namespace x: Forbidden: denied");
        });
        assertThat(attempts).hasValue(1);
        assertThat(warnings).isEmpty();
    }

    @Test
    void anInvalidObjectIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> calls.call("apply Deployment wordpress", listener, () -> {
            attempts.incrementAndGet();
            throw error(422, "Invalid");
        })).isInstanceOf(KubernetesStepException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aBugInTheCallIsNotRetriedAndIsNamedByItsKind() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> calls.call("apply Secret credentials", listener, () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("no namespace set");
        })).isInstanceOfSatisfying(KubernetesStepException.class, e -> {
            assertThat(e.failure().reason()).isEqualTo("IllegalStateException");
            assertThat(e.failure().message()).isEqualTo("no namespace set");
        });
        assertThat(attempts).hasValue(1);
    }

    @Test
    void transientErrorsThatOutlastTheAttemptsFailTheStep() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> calls.call("apply Ingress storefront", listener, () -> {
            attempts.incrementAndGet();
            throw error(500, "InternalError");
        })).isInstanceOfSatisfying(KubernetesStepException.class, e -> {
            assertThat(e.failure().transientError()).isTrue();
            assertThat(e.failure().reason()).isEqualTo("InternalError");
        });
        assertThat(attempts).hasValue(ATTEMPTS);
        assertThat(warnings).hasSize(ATTEMPTS - 1);
    }

    @Test
    void eachCallReportsOnlyItsOwnRetries() {
        List<String> otherWarnings = new CopyOnWriteArrayList<>();
        RetryListener other = (what, attempt, failure, wait) -> otherWarnings.add(what + " #" + attempt);

        calls.call("apply Namespace a", listener, failingOnce());
        calls.call("apply Namespace b", other, failingOnce());

        assertThat(warnings).containsExactly("apply Namespace a #1 ServiceUnavailable");
        assertThat(otherWarnings).containsExactly("apply Namespace b #1");
    }

    private static java.util.function.Supplier<String> failingOnce() {
        AtomicInteger attempts = new AtomicInteger();
        return () -> {
            if (attempts.incrementAndGet() == 1) {
                throw error(503, "ServiceUnavailable");
            }
            return "ok";
        };
    }

    private static KubernetesClientException error(int code, String reason) {
        return new KubernetesClientException("denied", code,
                new StatusBuilder().withCode(code).withReason(reason).withMessage("denied").build());
    }
}
