package io.storeorchestrator.common.kubernetes;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RequestRateLimiterTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aBurstPassesThenRequestsAreSpacedAtTheRate() {
        RequestRateLimiter limiter = new RequestRateLimiter(10, 2);
        long t0 = System.nanoTime();
        assertThat(limiter.reserve(t0)).isZero();
        assertThat(limiter.reserve(t0)).isZero();
        assertThat(limiter.reserve(t0)).isBetween(99 * MS, 101 * MS);
        assertThat(limiter.reserve(t0)).as("waits queue up in arrival order").isBetween(199 * MS, 201 * MS);
    }

    @Test
    void aQuietSpellRefillsTheBucketButNeverBeyondTheBurst() {
        RequestRateLimiter limiter = new RequestRateLimiter(10, 2);
        long t0 = System.nanoTime();
        limiter.reserve(t0);
        limiter.reserve(t0);
        long later = t0 + TimeUnit.SECONDS.toNanos(10);
        assertThat(limiter.reserve(later)).isZero();
        assertThat(limiter.reserve(later)).isZero();
        assertThat(limiter.reserve(later)).isPositive();
    }

    @Test
    void waitsAreCountedAndExported() {
        RequestRateLimiter limiter = new RequestRateLimiter(10, 1);
        for (int i = 0; i < 3; i++) {
            limiter.acquire();
        }
        assertThat(limiter.requests()).isEqualTo(3);
        // At least the second request finds the bucket empty (unless this thread was descheduled for 100 ms).
        assertThat(limiter.throttledRequests()).isBetween(1L, 2L);
        assertThat(limiter.waited().toMillis()).isBetween(1L, 250L);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new KubernetesClientMetrics(limiter, registry);
        FunctionTimer timer = registry.get(KubernetesClientMetrics.RATE_LIMIT_WAIT).functionTimer();
        assertThat(timer.count()).isEqualTo(3);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS))
                .isCloseTo((double) limiter.waited().toNanos() / MS, org.assertj.core.data.Offset.offset(1e-6));
    }
}
