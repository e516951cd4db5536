package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.reaper.store.StoreRow;
import io.storeorchestrator.reaper.sweep.ExpiryPolicy.Due;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static io.storeorchestrator.reaper.sweep.Rows.NOW;
import static org.assertj.core.api.Assertions.assertThat;

class ExpiryPolicyTest {

    private static final Duration NOTICE = Duration.ofHours(1);

    private static StoreRow expiring(StoreStatus status, Duration fromNow, Duration noticedAgo) {
        return Rows.store(status, 2, null, NOW).withExpiry(NOW.plus(fromNow),
                noticedAgo == null ? null : NOW.minus(noticedAgo));
    }

    @Test
    void aStoreWithoutExpiryIsDueNothing() {
        assertThat(ExpiryPolicy.due(Rows.store(StoreStatus.READY, 1, null, NOW), NOW, NOTICE)).isEqualTo(Due.NOTHING);
    }

    @Test
    void beforeTheNoticePeriodNothingIsDue() {
        assertThat(ExpiryPolicy.due(expiring(StoreStatus.READY, Duration.ofMinutes(61), null), NOW, NOTICE))
                .isEqualTo(Due.NOTHING);
    }

    @Test
    void withinTheNoticePeriodTheNoticeIsDueOnce() {
        assertThat(ExpiryPolicy.due(expiring(StoreStatus.READY, Duration.ofMinutes(59), null), NOW, NOTICE))
                .isEqualTo(Due.NOTICE);
        assertThat(ExpiryPolicy.due(expiring(StoreStatus.READY, Duration.ofMinutes(59), Duration.ofMinutes(1)), NOW,
                NOTICE)).as("noticed already").isEqualTo(Due.NOTHING);
    }

    @Test
    void anExpiredNoticedStoreIsDueDeletion() {
        assertThat(ExpiryPolicy.due(expiring(StoreStatus.READY, Duration.ofSeconds(-1), Duration.ofMinutes(5)), NOW,
                NOTICE)).isEqualTo(Due.DELETION);
        assertThat(ExpiryPolicy.due(expiring(StoreStatus.READY, Duration.ZERO, Duration.ofSeconds(10)), NOW, NOTICE))
                .as("at the very instant").isEqualTo(Due.DELETION);
    }

    @Test
    void anExpiredStoreNeverNoticedGetsItsNoticeFirst() {
        assertThat(ExpiryPolicy.due(expiring(StoreStatus.READY, Duration.ofMinutes(-10), null), NOW, NOTICE))
                .isEqualTo(Due.NOTICE);
    }

    @Test
    void aNoticeForAnEarlierExpiryDoesNotCount() {
        // Noticed two hours ago for an expiry since extended to ten minutes from now: more than the period before it.
        assertThat(ExpiryPolicy.due(expiring(StoreStatus.READY, Duration.ofMinutes(10), Duration.ofHours(2)), NOW,
                NOTICE)).isEqualTo(Due.NOTICE);
    }

    @ParameterizedTest
    @EnumSource(value = StoreStatus.class, names = {"QUEUED", "PROVISIONING", "UPDATING", "FAILED"})
    void everyLiveStatusExpires(StoreStatus status) {
        assertThat(ExpiryPolicy.due(expiring(status, Duration.ofSeconds(-1), Duration.ofMinutes(1)), NOW, NOTICE))
                .isEqualTo(Due.DELETION);
    }

    @ParameterizedTest
    @EnumSource(value = StoreStatus.class, names = {"DELETING", "DELETED"})
    void storesBeingDeletedAreDueNothing(StoreStatus status) {
        assertThat(ExpiryPolicy.due(expiring(status, Duration.ofMinutes(-1), null), NOW, NOTICE)).isEqualTo(Due.NOTHING);
    }

    @Test
    void theNoticeHasTheSameIdForTheSameExpiryAndSaysWhatToDo() {
        StoreRow store = expiring(StoreStatus.READY, Duration.ofMinutes(30), null);
        StoreEvent first = ExpiryPolicy.notice(store, NOW);
        StoreEvent again = ExpiryPolicy.notice(store, NOW.plusSeconds(30));
        assertThat(again.eventId()).as("idempotent across sweeps and leaders").isEqualTo(first.eventId());
        assertThat(first.type()).isEqualTo(StoreEventType.EXPIRING);
        assertThat(first.step()).isEqualTo("expiry");
        assertThat(first.generation()).isEqualTo(2);
        assertThat(first.message()).contains("in 30m").contains("PATCH");
        StoreEvent extended = ExpiryPolicy.notice(store.withExpiry(NOW.plus(Duration.ofMinutes(45)), null), NOW);
        assertThat(extended.eventId()).as("a new expiry, a new notice").isNotEqualTo(first.eventId());
    }

    @Test
    void theDeletionRequestIsForTheCurrentGeneration() {
        StoreEvent deletion = ExpiryPolicy.deletion(expiring(StoreStatus.READY, Duration.ofMinutes(-1), null), NOW);
        assertThat(deletion.type()).isEqualTo(StoreEventType.DELETE_REQUESTED);
        assertThat(deletion.step()).isEqualTo("expiry");
        assertThat(deletion.generation()).isEqualTo(2);
    }
}
