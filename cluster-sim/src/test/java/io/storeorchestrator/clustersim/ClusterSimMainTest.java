package io.storeorchestrator.clustersim;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standalone jar's command line. */
class ClusterSimMainTest {

    @Test
    void theBenchmarkAndFaultKnobsAreSetFromTheCommandLine() {
        ClusterSimMain.Options options = ClusterSimMain.parse(new String[] {
                "--api-latency", "200ms", "--write-fault-rate", "0.2", "--fault-seed", "42", "--ready-delay", "20s",
                "--port", "7443", "--kubeconfig", "target/kubeconfig"});

        ClusterSimConfig config = options.config();
        assertThat(config.apiLatency()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.writeFaultRate()).isEqualTo(0.2);
        assertThat(config.faultSeed()).isEqualTo(OptionalLong.of(42));
        assertThat(config.readyDelay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.port()).isEqualTo(7443);
        assertThat(options.kubeconfig()).isEqualTo(Path.of("target/kubeconfig"));
    }

    @Test
    void withoutOptionsTheSimulatorHasNoLatencyAndNoFaults() {
        ClusterSimConfig config = ClusterSimMain.parse(new String[0]).config();

        assertThat(config.apiLatency()).isZero();
        assertThat(config.writeFaultRate()).isZero();
        assertThat(config.faultSeed()).isEmpty();
    }

    @Test
    void outOfRangeOrMalformedValuesAreRefused() {
        assertThatThrownBy(() -> ClusterSimMain.parse(new String[] {"--write-fault-rate", "1.5"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> ClusterSimMain.parse(new String[] {"--write-fault-rate", "often"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterSimMain.parse(new String[] {"--api-latency", "soon"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> ClusterSimMain.parse(new String[] {"--api-latency"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
    }
}
