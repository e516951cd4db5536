package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RollbackDecisionTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final StoreCommand.Target REVISION_2 = new StoreCommand.Target(2, "small", "6.5");

    @ParameterizedTest
    @ValueSource(strings = {"CrashLoopBackOff", "ImagePullBackOff", "DeadlineExceeded", "Forbidden",
            "InvalidVersion", "DeliveryLimitReached", "IllegalStateException"})
    void anUpdateWithAFallbackRollsBackWhateverFailedForGood(String reason) {
        StoreCommand update = command(CommandType.UPDATE, 3, REVISION_2, null);

        var decision = RollbackDecision.of(update, failure(reason), NOW, TIMEOUT);

        assertThat(decision).isInstanceOfSatisfying(RollbackDecision.RollBack.class, rollBack -> {
            assertThat(rollBack.rollingBack().type()).isEqualTo(StoreEventType.ROLLING_BACK);
            assertThat(rollBack.rollingBack().step()).isEqualTo("rollback");
            assertThat(rollBack.rollingBack().revision()).as("the failed revision").isEqualTo(3);
            assertThat(rollBack.rollingBack().reason()).isEqualTo(reason);
            assertThat(rollBack.rollingBack().generation()).isEqualTo(update.generation());
            assertThat(rollBack.rollingBack().message()).startsWith(reason + ": container wordpress")
                    .endsWith("; rolling back to revision 2 (plan small, version 6.5)");
        });
    }

    @Test
    void theRollbackAppliesTheFallbackUnderTheSameGenerationWithAFreshDeadlineAndNoFallback() {
        StoreCommand update = command(CommandType.UPDATE, 3, REVISION_2, null);

        StoreCommand rollback = ((RollbackDecision.RollBack) RollbackDecision.of(update, failure("CrashLoopBackOff"),
                NOW, TIMEOUT)).rollback();

        assertThat(rollback.type()).isEqualTo(CommandType.UPDATE);
        assertThat(rollback.commandId()).isNotEqualTo(update.commandId());
        assertThat(rollback.generation()).isEqualTo(update.generation());
        assertThat(rollback.appliedRevision()).isEqualTo(2);
        assertThat(rollback.plan()).isEqualTo("small");
        assertThat(rollback.version()).isEqualTo("6.5");
        assertThat(rollback.rollbackOf()).isEqualTo(3);
        assertThat(rollback.fallback()).isNull();
        assertThat(rollback.resumeAt()).isNull();
        assertThat(rollback.issuedAt()).isEqualTo(NOW);
        assertThat(rollback.deadline()).isEqualTo(NOW.plus(TIMEOUT));
    }

    @Test
    void aRollbackIsNeverRolledBackItFailsTheStoreSayingBothFailed() {
        StoreCommand update = command(CommandType.UPDATE, 3, REVISION_2, null);
        StoreCommand rollback = ((RollbackDecision.RollBack) RollbackDecision.of(update, failure("CrashLoopBackOff"),
                NOW, TIMEOUT)).rollback();

        var decision = RollbackDecision.of(rollback, failure("ImagePullBackOff"), NOW, TIMEOUT);

        assertThat(decision).isInstanceOfSatisfying(RollbackDecision.Fail.class, fail -> {
            assertThat(fail.failure().reason()).isEqualTo(RollbackDecision.ROLLBACK_FAILED);
            assertThat(fail.failure().step()).isEqualTo("wait-ready");
            assertThat(fail.failure().message()).isEqualTo("the update to revision 3 failed and so did its rollback"
                    + " to revision 2: ImagePullBackOff: container wordpress in pod wordpress-1: back-off");
        });
    }

    @Test
    void evenARollbackThatStillNamesAFallbackIsNotRolledBack() {
        StoreCommand odd = command(CommandType.UPDATE, 2, new StoreCommand.Target(1, "small", "6.6"), 3);

        assertThat(RollbackDecision.of(odd, failure("CrashLoopBackOff"), NOW, TIMEOUT))
                .isInstanceOfSatisfying(RollbackDecision.Fail.class, fail ->
                        assertThat(fail.failure().reason()).isEqualTo(RollbackDecision.ROLLBACK_FAILED));
    }

    @Test
    void anUpdateWithNothingToFallBackToFails() {
        StoreFailure failure = failure("CrashLoopBackOff");

        assertThat(RollbackDecision.of(command(CommandType.UPDATE, 3, null, null), failure, NOW, TIMEOUT))
                .isEqualTo(new RollbackDecision.Fail(failure));
        assertThat(RollbackDecision.of(command(CommandType.UPDATE, 2, REVISION_2, null), failure, NOW, TIMEOUT))
                .as("its fallback is itself").isEqualTo(new RollbackDecision.Fail(failure));
    }

    @Test
    void provisioningFailsAsItAlwaysDid() {
        StoreFailure failure = failure("CrashLoopBackOff");

        assertThat(RollbackDecision.of(command(CommandType.PROVISION, 1, REVISION_2, null), failure, NOW, TIMEOUT))
                .isEqualTo(new RollbackDecision.Fail(failure));
    }

    private static StoreFailure failure(String reason) {
        return new StoreFailure("wait-ready", reason, "container wordpress in pod wordpress-1: back-off", NOW);
    }

    private static StoreCommand command(CommandType type, int revision, StoreCommand.Target fallback,
                                        Integer rollbackOf) {
        UUID id = UUID.randomUUID();
        return new StoreCommand(UUID.randomUUID(), type, id, "shop", Engine.WOOCOMMERCE, 4, "store-" + id,
                "shop.localtest.me", NOW.plusSeconds(600), NOW.minusSeconds(60), null, "small", "6.6", revision,
                fallback, rollbackOf);
    }
}
