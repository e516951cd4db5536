package io.storeorchestrator.worker.fencing;

import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

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

    @ParameterizedTest
    @CsvSource({
            "QUEUED, PROCEED", "PROVISIONING, PROCEED", "READY, PROCEED", "UPDATING, PROCEED", "RESTORING, PROCEED",
            "FAILED, ALREADY_DONE", "DELETING, ALREADY_DONE", "DELETED, ALREADY_DONE"})
    void customDomainsAtAnyGeneration(StoreStatus status, FenceDecision expected) {
        assertThat(FenceDecision.decide(io.storeorchestrator.common.messaging.CommandType.DOMAINS, 4,
                Optional.of(new StoreRow(status, 4)))).isEqualTo(expected);
        assertThat(FenceDecision.decide(io.storeorchestrator.common.messaging.CommandType.DOMAINS, 4,
                Optional.of(new StoreRow(status, 7)))).as("a newer generation changes nothing").isEqualTo(expected);
    }

    // Backups and restore (issue 11)
    @ParameterizedTest
    @CsvSource({
            "RESTORING, PROCEED", "READY, ALREADY_DONE", "FAILED, ALREADY_DONE", "UPDATING, SUPERSEDED",
            "QUEUED, SUPERSEDED", "PROVISIONING, SUPERSEDED", "DELETING, SUPERSEDED", "DELETED, SUPERSEDED"})
    void restoreAtTheSameGeneration(StoreStatus status, FenceDecision expected) {
        assertThat(FenceDecision.decide(io.storeorchestrator.common.messaging.CommandType.RESTORE, 4,
                Optional.of(new StoreRow(status, 4)))).isEqualTo(expected);
    }

    /** A backup is no intent: no newer one supersedes it; only a store that failed or goes away stops it. */
    @ParameterizedTest
    @CsvSource({
            "READY, PROCEED", "UPDATING, PROCEED", "RESTORING, PROCEED", "PROVISIONING, PROCEED",
            "FAILED, SUPERSEDED", "DELETING, SUPERSEDED", "DELETED, SUPERSEDED"})
    void aBackupRunsWhateverTheGenerationWhileTheStoreIsLive(StoreStatus status, FenceDecision expected) {
        assertThat(FenceDecision.decide(io.storeorchestrator.common.messaging.CommandType.BACKUP, 4,
                Optional.of(new StoreRow(status, 7)))).isEqualTo(expected);
        assertThat(FenceDecision.decide(io.storeorchestrator.common.messaging.CommandType.BACKUP, 4,
                Optional.empty())).isEqualTo(FenceDecision.UNKNOWN_STORE);
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

    @ParameterizedTest
    @CsvSource({
            "UPDATING, PROCEED", "READY, ALREADY_DONE", "FAILED, ALREADY_DONE", "QUEUED, SUPERSEDED",
            "PROVISIONING, SUPERSEDED", "DELETING, SUPERSEDED", "DELETED, SUPERSEDED"})
    void updateAtTheSameGeneration(StoreStatus status, FenceDecision expected) {
        assertThat(FenceDecision.decide(io.storeorchestrator.common.messaging.CommandType.UPDATE, 4,
                Optional.of(new StoreRow(status, 4)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "READY, PROCEED", "PROVISIONING, PROCEED", "QUEUED, PROCEED", "FAILED, ALREADY_DONE",
            "UPDATING, SUPERSEDED", "DELETING, SUPERSEDED"})
    void aReprovisionAlsoProceedsWhileItsStoreStillReadsReady(StoreStatus status, FenceDecision expected) {
        assertThat(FenceDecision.decide(provision(StepName.REPROVISION), Optional.of(new StoreRow(status, 4))))
                .isEqualTo(expected);
    }

    @Test
    void onlyTheReprovisionItselfProceedsOnReadyNotItsWakeUpsNorOtherProvisions() {
        Optional<StoreRow> ready = Optional.of(new StoreRow(StoreStatus.READY, 4));

        assertThat(FenceDecision.decide(provision(StepName.WAIT_READY), ready)).isEqualTo(FenceDecision.ALREADY_DONE);
        assertThat(FenceDecision.decide(provision(null), ready)).isEqualTo(FenceDecision.ALREADY_DONE);
        assertThat(FenceDecision.decide(provision(StepName.REPROVISION), Optional.of(new StoreRow(StoreStatus.READY, 5))))
                .isEqualTo(FenceDecision.SUPERSEDED);
    }

    private static StoreCommand provision(StepName resumeAt) {
        UUID id = UUID.randomUUID();
        return new StoreCommand(UUID.randomUUID(), PROVISION, id, "shop", Engine.WOOCOMMERCE, 4, "store-" + id,
                "shop.localtest.me", Instant.now(), Instant.now(), resumeAt == null ? null : resumeAt.id());
    }
}
