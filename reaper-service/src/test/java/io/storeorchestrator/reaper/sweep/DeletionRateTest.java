package io.storeorchestrator.reaper.sweep;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeletionRateTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final DeletionRate fivePerSecond = new DeletionRate(5, nanos::get);

    @Test
    void theFirstDeletionGoesAtOnceAndTheNextAreSpacedEvenly() {
        assertThat(fivePerSecond.reserve()).isZero();
        assertThat(fivePerSecond.reserve()).isEqualTo(Duration.ofMillis(200));
        assertThat(fivePerSecond.reserve()).isEqualTo(Duration.ofMillis(400));
        assertThat(fivePerSecond.reserve()).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void timeThatPassedIsNotSavedUpAsABurst() {
        fivePerSecond.reserve();
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());

        assertThat(fivePerSecond.reserve()).isZero();
        assertThat(fivePerSecond.reserve()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aCallerArrivingMidIntervalWaitsOnlyTheRest() {
        fivePerSecond.reserve();
        nanos.addAndGet(Duration.ofMillis(150).toNanos());

        assertThat(fivePerSecond.reserve()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aRateMustBePositive() {
        assertThatThrownBy(() -> new DeletionRate(0, nanos::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
