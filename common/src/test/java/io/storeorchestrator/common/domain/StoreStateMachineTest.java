package io.storeorchestrator.common.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreStateMachineTest {

    @ParameterizedTest
    @CsvSource({
            "QUEUED, PROVISIONING", "PROVISIONING, READY", "PROVISIONING, FAILED", "QUEUED, FAILED",
            "FAILED, QUEUED", "QUEUED, DELETING", "PROVISIONING, DELETING", "READY, DELETING", "FAILED, DELETING",
            "DELETING, DELETED", "READY, UPDATING", "UPDATING, READY", "UPDATING, UPDATING", "UPDATING, FAILED",
            "UPDATING, DELETING", "READY, PROVISIONING",
            // Backups and restore (issue 11)
            "READY, RESTORING", "RESTORING, READY", "RESTORING, FAILED", "RESTORING, DELETING"})
    void allowsTheLifecycleMoves(StoreStatus from, StoreStatus to) {
        assertThat(StoreStateMachine.canTransition(from, to)).isTrue();
        StoreStateMachine.requireTransition(from, to);
    }

    @ParameterizedTest
    @CsvSource({
            "READY, QUEUED", "READY, FAILED", "QUEUED, READY", "FAILED, UPDATING", "QUEUED, UPDATING",
            "PROVISIONING, UPDATING", "UPDATING, QUEUED", "UPDATING, PROVISIONING", "DELETING, UPDATING", "DELETED, DELETING",
            "DELETED, QUEUED", "DELETING, QUEUED", "DELETING, READY", "DELETING, FAILED", "FAILED, READY",
            "PROVISIONING, QUEUED", "DELETED, DELETED", "READY, DELETED",
            // Backups and restore (issue 11): only a READY store is restored, and a restore ends READY (or FAILED)
            "UPDATING, RESTORING", "FAILED, RESTORING", "QUEUED, RESTORING", "RESTORING, RESTORING",
            "RESTORING, UPDATING", "RESTORING, QUEUED", "DELETING, RESTORING"})
    void refusesEverythingElse(StoreStatus from, StoreStatus to) {
        assertThat(StoreStateMachine.canTransition(from, to)).isFalse();
        assertThatThrownBy(() -> StoreStateMachine.requireTransition(from, to))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining(from.name()).hasMessageContaining(to.name());
    }

    @Test
    void deletedIsTerminal() {
        assertThat(StoreStateMachine.allowedFrom(StoreStatus.DELETED)).isEmpty();
        assertThat(StoreStatus.DELETED.isLive()).isFalse();
        for (StoreStatus live : new StoreStatus[]{StoreStatus.QUEUED, StoreStatus.PROVISIONING, StoreStatus.READY,
                StoreStatus.UPDATING, StoreStatus.FAILED, StoreStatus.RESTORING}) {
            assertThat(StoreStateMachine.canTransition(live, StoreStatus.DELETING)).as(live.name()).isTrue();
        }
    }
}
