package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.reaper.store.StoreRow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static io.storeorchestrator.reaper.sweep.Rows.NOW;
import static org.assertj.core.api.Assertions.assertThat;

class TeardownResendPolicyTest {

    private static final Duration STUCK_AFTER = Duration.ofMinutes(5);

    @Test
    void aDeletionUnchangedLongerThanTheThresholdIsResent() {
        StoreRow store = Rows.store(StoreStatus.DELETING, 4, null, NOW.minus(Duration.ofMinutes(6)));
        assertThat(TeardownResendPolicy.shouldResend(store, NOW, STUCK_AFTER, Optional.empty())).isTrue();
    }

    @Test
    void aRecentDeletionIsLeftToTheWorker() {
        StoreRow store = Rows.store(StoreStatus.DELETING, 4, null, NOW.minus(Duration.ofMinutes(4)));
        assertThat(TeardownResendPolicy.shouldResend(store, NOW, STUCK_AFTER, Optional.empty())).isFalse();
    }

    @Test
    void onlyDeletingStoresAreResent() {
        StoreRow store = Rows.store(StoreStatus.READY, 4, null, NOW.minus(Duration.ofHours(1)));
        assertThat(TeardownResendPolicy.shouldResend(store, NOW, STUCK_AFTER, Optional.empty())).isFalse();
    }

    @Test
    void notResentAgainWithinTheThreshold() {
        StoreRow store = Rows.store(StoreStatus.DELETING, 4, null, NOW.minus(Duration.ofHours(1)));
        assertThat(TeardownResendPolicy.shouldResend(store, NOW, STUCK_AFTER,
                Optional.of(NOW.minus(Duration.ofMinutes(2))))).isFalse();
        assertThat(TeardownResendPolicy.shouldResend(store, NOW, STUCK_AFTER,
                Optional.of(NOW.minus(Duration.ofMinutes(6))))).isTrue();
    }

    @Test
    void teardownIsForTheStoresCurrentGenerationWithAFreshCommandId() {
        StoreRow store = Rows.store(StoreStatus.DELETING, 4, null, NOW.minus(Duration.ofHours(1)));

        StoreCommand first = TeardownResendPolicy.teardown(store, NOW).orElseThrow();
        StoreCommand second = TeardownResendPolicy.teardown(store, NOW).orElseThrow();

        assertThat(first.type()).isEqualTo(CommandType.TEARDOWN);
        assertThat(first.storeId()).isEqualTo(store.id());
        assertThat(first.generation()).isEqualTo(4);
        assertThat(first.engine()).isEqualTo(Engine.WOOCOMMERCE);
        assertThat(first.namespace()).isEqualTo(store.namespace());
        assertThat(first.deadline()).isNull();
        assertThat(first.commandId()).isNotEqualTo(second.commandId());
    }

    @Test
    void anUnknownEngineGivesNoCommand() {
        StoreRow known = Rows.store(StoreStatus.DELETING, 1, null, NOW);
        StoreRow unknown = new StoreRow(known.id(), known.name(), "magento", known.status(), known.namespace(),
                known.host(), known.generation(), null, known.createdAt(), known.updatedAt());
        assertThat(TeardownResendPolicy.teardown(unknown, NOW)).isEmpty();
    }

    @Test
    void warningExplainsTheSecondTeardown() {
        StoreRow store = Rows.store(StoreStatus.DELETING, 4, null, NOW.minus(Duration.ofMinutes(7)));

        StoreEvent warning = TeardownResendPolicy.warning(store, NOW);

        assertThat(warning.type()).isEqualTo(StoreEventType.WARNING);
        assertThat(warning.generation()).isEqualTo(4);
        assertThat(warning.message()).startsWith("teardown re-sent by the reaper").contains("7m");
    }

    @Test
    void memoryIsPerGenerationAndForgetsStoresNoLongerPending() {
        ResendMemory memory = new ResendMemory();
        StoreRow store = Rows.store(StoreStatus.DELETING, 4, null, NOW);
        memory.record(store.id(), 4, NOW);

        assertThat(memory.lastSent(store.id(), 4)).contains(NOW);
        assertThat(memory.lastSent(store.id(), 5)).isEmpty();

        memory.retainOnly(java.util.Set.of());
        assertThat(memory.size()).isZero();
    }
}
