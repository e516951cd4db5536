package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.time.Durations;
import io.storeorchestrator.reaper.store.StoreRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Optional;

import static io.storeorchestrator.reaper.sweep.Rows.NOW;
import static org.assertj.core.api.Assertions.assertThat;

class DeadlinePolicyTest {

    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration RESEND = Duration.ofMinutes(5);

    @ParameterizedTest
    @EnumSource(value = StoreStatus.class, names = {"QUEUED", "PROVISIONING"})
    void provisioningStorePastDeadlineAndGraceIsOverdue(StoreStatus status) {
        StoreRow store = Rows.store(status, 1, NOW.minusSeconds(31), NOW);
        assertThat(DeadlinePolicy.isOverdue(store, NOW, GRACE)).isTrue();
    }

    @Test
    void withinTheGraceIsNotOverdue() {
        StoreRow store = Rows.store(StoreStatus.PROVISIONING, 1, NOW.minusSeconds(29), NOW);
        assertThat(DeadlinePolicy.isOverdue(store, NOW, GRACE)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = StoreStatus.class, names = {"READY", "FAILED", "DELETING", "DELETED"})
    void storesNotProvisioningAreNeverOverdue(StoreStatus status) {
        StoreRow store = Rows.store(status, 1, NOW.minusSeconds(3600), NOW);
        assertThat(DeadlinePolicy.isOverdue(store, NOW, GRACE)).isFalse();
    }

    @Test
    void aStoreWithoutDeadlineIsNotOverdue() {
        StoreRow store = Rows.store(StoreStatus.QUEUED, 1, null, NOW);
        assertThat(DeadlinePolicy.isOverdue(store, NOW, GRACE)).isFalse();
    }

    @Test
    void failedIsPublishedOncePerResendPeriodForTheSameGeneration() {
        StoreRow store = Rows.store(StoreStatus.PROVISIONING, 2, NOW.minusSeconds(600), NOW);
        assertThat(DeadlinePolicy.shouldPublish(store, NOW, GRACE, Optional.empty(), RESEND)).isTrue();
        assertThat(DeadlinePolicy.shouldPublish(store, NOW, GRACE, Optional.of(NOW.minusSeconds(60)), RESEND))
                .isFalse();
        assertThat(DeadlinePolicy.shouldPublish(store, NOW, GRACE, Optional.of(NOW.minus(RESEND)), RESEND))
                .isTrue();
    }

    @Test
    void failureCarriesTheCurrentGenerationAndAnActionableReason() {
        StoreRow store = Rows.store(StoreStatus.PROVISIONING, 3, NOW.minusSeconds(90), NOW);

        StoreEvent event = DeadlinePolicy.failure(store, NOW);

        assertThat(event.type()).isEqualTo(StoreEventType.FAILED);
        assertThat(event.storeId()).isEqualTo(store.id());
        assertThat(event.generation()).isEqualTo(3);
        assertThat(event.step()).isEqualTo("deadline");
        assertThat(event.occurredAt()).isEqualTo(NOW);
        assertThat(event.reason()).isEqualTo(StoreFailure.DEADLINE_EXCEEDED);
        assertThat(event.message())
                .startsWith("not ready by its provisioning deadline 2025-06-01T11:58:30Z")
                .contains("1m30s late", "1h after the store was created", "retry the store");
        assertThat(event.failure().statusReason()).startsWith("DeadlineExceeded: not ready by its provisioning deadline")
                .endsWith("(step deadline)");
    }

    @Test
    void durationsReadLikePeopleWriteThem() {
        assertThat(Durations.human(Duration.ofSeconds(0))).isEqualTo("0s");
        assertThat(Durations.human(Duration.ofSeconds(12))).isEqualTo("12s");
        assertThat(Durations.human(Duration.ofSeconds(270))).isEqualTo("4m30s");
        assertThat(Durations.human(Duration.ofMinutes(62))).isEqualTo("1h2m");
        assertThat(Durations.human(Duration.ofSeconds(-5))).isEqualTo("0s");
    }
}
