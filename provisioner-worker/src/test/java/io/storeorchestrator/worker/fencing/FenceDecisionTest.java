package io.storeorchestrator.worker.fencing;

import io.storeorchestrator.common.domain.StoreStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static io.storeorchestrator.common.messaging.CommandType.PROVISION;
import static io.storeorchestrator.common.messaging.CommandType.TEARDOWN;
import static org.assertj.core.api.Assertions.assertThat;

class FenceDecisionTest {

    @ParameterizedTest
    @CsvSource({
            "QUEUED, PROCEED", "PROVISIONING, PROCEED", "READY, ALREADY_DONE", "FAILED, ALREADY_DONE",
            "DELETING, SUPERSEDED", "DELETED, SUPERSEDED"})
    void provisionAtTheSameGeneration(StoreStatus status, FenceDecision expected) {
        assertThat(FenceDecision.decide(PROVISION, 4, Optional.of(new StoreRow(status, 4)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "DELETING, PROCEED", "DELETED, ALREADY_DONE", "QUEUED, SUPERSEDED", "PROVISIONING, SUPERSEDED",
            "READY, SUPERSEDED", "FAILED, SUPERSEDED"})
    void teardownAtTheSameGeneration(StoreStatus status, FenceDecision expected) {
        assertThat(FenceDecision.decide(TEARDOWN, 4, Optional.of(new StoreRow(status, 4)))).isEqualTo(expected);
    }

    @Test
    void aNewerGenerationSupersedesWhateverTheStatus() {
        assertThat(FenceDecision.decide(PROVISION, 1, Optional.of(new StoreRow(StoreStatus.PROVISIONING, 2))))
                .isEqualTo(FenceDecision.SUPERSEDED);
        assertThat(FenceDecision.decide(TEARDOWN, 1, Optional.of(new StoreRow(StoreStatus.DELETING, 2))))
                .isEqualTo(FenceDecision.SUPERSEDED);
    }

    @Test
    void anUnknownStoreIsNothingToDo() {
        assertThat(FenceDecision.decide(PROVISION, 1, Optional.empty())).isEqualTo(FenceDecision.UNKNOWN_STORE);
        assertThat(FenceDecision.decide(TEARDOWN, 1, Optional.empty())).isEqualTo(FenceDecision.UNKNOWN_STORE);
    }
}
