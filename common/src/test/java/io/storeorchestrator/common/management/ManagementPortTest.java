package io.storeorchestrator.common.management;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagementPortTest {

    @Test
    void aSetPortBecomesTheEndpointsPort() {
        assertThat(ManagementPort.properties(Map.of("MANAGEMENT_PORT", " 9090 ")))
                .containsExactly(Map.entry("endpoints.all.port", 9090));
    }

    @Test
    void unsetOrBlankLeavesTheEndpointsOnTheServicePort() {
        assertThat(ManagementPort.properties(Map.of())).isEmpty();
        assertThat(ManagementPort.properties(Map.of("MANAGEMENT_PORT", ""))).isEmpty();
    }

    @Test
    void somethingElseStopsTheService() {
        for (String bad : new String[]{"90x", "0", "70000", "${SERVER_PORT}"}) {
            assertThatThrownBy(() -> ManagementPort.properties(Map.of("MANAGEMENT_PORT", bad)))
                    .as(bad).hasMessageContaining("MANAGEMENT_PORT must be a TCP port");
        }
    }
}
