package io.storeorchestrator.clustersim.traffic;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKnobsTest {

    private static String draws(ApiKnobs knobs, int count) {
        StringBuilder draws = new StringBuilder();
        IntStream.range(0, count).forEach(i -> draws.append(knobs.nextWriteFails() ? 'x' : '.'));
        return draws.toString();
    }

    @Test
    void aSeedMakesTheFailingWritesRepeat() {
        ApiKnobs first = new ApiKnobs(Duration.ZERO, 0.3, OptionalLong.of(42));
        ApiKnobs second = new ApiKnobs(Duration.ZERO, 0.3, OptionalLong.of(42));

        assertThat(draws(first, 200)).isEqualTo(draws(second, 200)).contains("x", ".");

        first.setFaultSeed(7);
        second.setFaultSeed(7);
        assertThat(draws(first, 50)).isEqualTo(draws(second, 50));
    }

    @Test
    void rateZeroNeverFailsAndRateOneAlwaysDoes() {
        ApiKnobs knobs = new ApiKnobs(Duration.ZERO, 0, OptionalLong.empty());
        assertThat(draws(knobs, 100)).doesNotContain("x");

        knobs.setWriteFaultRate(1);
        assertThat(draws(knobs, 100)).doesNotContain(".");
    }

    @Test
    void negativeLatenciesAndRatesOutsideZeroToOneAreRefused() {
        ApiKnobs knobs = new ApiKnobs(Duration.ZERO, 0, OptionalLong.empty());

        assertThatThrownBy(() -> knobs.setApiLatency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> knobs.setWriteFaultRate(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> knobs.setWriteFaultRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(knobs.apiLatency()).isZero();
    }
}
