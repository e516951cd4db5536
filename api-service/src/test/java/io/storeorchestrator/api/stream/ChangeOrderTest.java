package io.storeorchestrator.api.stream;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeOrderTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final ChangeOrder order = new ChangeOrder(10, Duration.ofSeconds(30));

    @Test
    void contiguousChangesGoOutAtOnce() {
        assertThat(ids(order.accept(changes(11, 12, 13), 100, 100, 0))).containsExactly(11L, 12L, 13L);
        assertThat(order.readPosition()).isEqualTo(13);
        assertThat(order.releasedPosition()).isEqualTo(13);
        assertThat(order.gaps()).isEmpty();
    }

    @Test
    void changesAfterAGapWaitUntilItsTransactionCommits() {
        // 12 committed while 11's transaction (xid 95, below xmax 100) still ran.
        assertThat(order.accept(changes(12, 13), 95, 100, 0)).isEmpty();
        assertThat(order.gaps()).containsExactly(11L);
        assertThat(order.readPosition()).isEqualTo(13);
        assertThat(order.releasedPosition()).isEqualTo(10);

        // Still running at the next read: nothing moves.
        assertThat(order.accept(List.of(), 95, 101, SECOND)).isEmpty();

        // It committed: 11, then what waited behind it.
        assertThat(ids(order.accept(changes(11), 101, 101, 2 * SECOND))).containsExactly(11L, 12L, 13L);
        assertThat(order.releasedPosition()).isEqualTo(13);
        assertThat(order.gaps()).isEmpty();
    }

    @Test
    void aGapWhoseTransactionsAllEndedWithoutItWasRolledBack() {
        assertThat(order.accept(changes(12), 95, 100, 0)).isEmpty();
        // Every transaction that was running at the first read (xid < 100) has ended, and 11 is still not there.
        assertThat(ids(order.accept(List.of(), 100, 105, SECOND))).containsExactly(12L);
        assertThat(order.gaps()).isEmpty();
    }

    @Test
    void aGapSeenWhenNothingRanIsSkippedAtOnce() {
        assertThat(ids(order.accept(changes(12), 100, 100, 0))).containsExactly(12L);
    }

    @Test
    void aGapIsGivenUpAfterTheTimeoutSoOneStuckTransactionCannotStopTheStream() {
        assertThat(order.accept(changes(12), 50, 100, 0)).isEmpty();
        assertThat(order.accept(List.of(), 50, 120, 29 * SECOND)).isEmpty();
        assertThat(ids(order.accept(changes(13), 50, 130, 31 * SECOND))).containsExactly(12L, 13L);
        assertThat(order.abandonedGaps()).isEqualTo(1);
    }

    @Test
    void changesReadTwiceGoOutOnce() {
        order.accept(changes(11, 12), 100, 100, 0);
        assertThat(order.accept(changes(11, 12), 100, 100, 0)).isEmpty();
    }

    @Test
    void aHugeJumpIsNotWaitedFor() {
        long far = 10 + ChangeOrder.MAX_GAPS + 5;
        assertThat(ids(order.accept(changes(far), 50, 100, 0))).containsExactly(far);
        assertThat(order.gaps()).isEmpty();
    }

    @Test
    void severalGapsReleaseInOrderAsEachFills() {
        order.accept(changes(12, 14), 90, 100, 0);
        assertThat(order.gaps()).containsExactly(11L, 13L);
        assertThat(ids(order.accept(changes(11), 90, 100, 1))).containsExactly(11L, 12L);
        assertThat(order.releasedPosition()).isEqualTo(12);
        assertThat(ids(order.accept(changes(13), 90, 100, 2))).containsExactly(13L, 14L);
    }

    static List<StoreChange> changes(long... ids) {
        return java.util.Arrays.stream(ids)
                .mapToObj(id -> new StoreChange(id, null, StreamEvents.store(id, "{\"id\":\"" + UUID.randomUUID() + "\"}")))
                .toList();
    }

    static List<Long> ids(List<StoreChange> changes) {
        return changes.stream().map(StoreChange::id).toList();
    }
}
