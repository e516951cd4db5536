package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.reaper.store.StoreRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static io.storeorchestrator.reaper.sweep.Rows.NOW;
import static org.assertj.core.api.Assertions.assertThat;

class RetentionPolicyTest {

    private static final Duration RETENTION = Duration.ofDays(7);

    @Test
    void aStoreFailedLongerThanTheRetentionIsDeleted() {
        StoreRow old = Rows.store(StoreStatus.FAILED, 3, null, NOW).withEnds(NOW.minus(RETENTION).minusSeconds(1), null);
        StoreRow recent = Rows.store(StoreStatus.FAILED, 3, null, NOW).withEnds(NOW.minus(RETENTION).plusSeconds(1),
                null);
        assertThat(RetentionPolicy.failedTooLong(old, NOW, RETENTION)).isTrue();
        assertThat(RetentionPolicy.failedTooLong(recent, NOW, RETENTION)).isFalse();
        StoreEvent deletion = RetentionPolicy.deletion(old, NOW, RETENTION);
        assertThat(deletion.type()).isEqualTo(StoreEventType.DELETE_REQUESTED);
        assertThat(deletion.step()).isEqualTo("failed-retention");
        assertThat(deletion.generation()).as("a retry since (a new generation) wins").isEqualTo(3);
    }

    @Test
    void withoutFailedAtTheLastChangeCounts() {
        StoreRow legacy = Rows.store(StoreStatus.FAILED, 1, null, NOW.minus(RETENTION).minusSeconds(5));
        assertThat(RetentionPolicy.failedTooLong(legacy, NOW, RETENTION)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = StoreStatus.class, names = {"QUEUED", "PROVISIONING", "READY", "UPDATING", "DELETING",
            "DELETED"})
    void onlyFailedStoresAreDeletedForRetention(StoreStatus status) {
        StoreRow store = Rows.store(status, 1, null, NOW.minus(Duration.ofDays(30)))
                .withEnds(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(30)));
        assertThat(RetentionPolicy.failedTooLong(store, NOW, RETENTION)).isFalse();
    }

    @Test
    void aStoreDeletedLongerThanTheRetentionIsPurged() {
        StoreRow old = Rows.store(StoreStatus.DELETED, 2, null, NOW).withEnds(null, NOW.minus(RETENTION).minusSeconds(1));
        StoreRow recent = Rows.store(StoreStatus.DELETED, 2, null, NOW).withEnds(null, NOW.minusSeconds(60));
        assertThat(RetentionPolicy.deletedTooLong(old, NOW, RETENTION)).isTrue();
        assertThat(RetentionPolicy.deletedTooLong(recent, NOW, RETENTION)).isFalse();
        assertThat(RetentionPolicy.deletedTooLong(Rows.store(StoreStatus.FAILED, 1, null, NOW.minus(Duration.ofDays(30))),
                NOW, RETENTION)).isFalse();
        StoreEvent purge = RetentionPolicy.purge(old, NOW, RETENTION);
        assertThat(purge.type()).isEqualTo(StoreEventType.PURGE_REQUESTED);
        assertThat(purge.step()).isEqualTo("deleted-retention");
    }
}
