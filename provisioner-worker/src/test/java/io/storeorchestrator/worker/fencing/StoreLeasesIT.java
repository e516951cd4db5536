package io.storeorchestrator.worker.fencing;

import io.storeorchestrator.common.domain.StoreStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Store leases against the real PostgreSQL and the platform's migrations. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreLeasesIT {

    private static final Duration TTL = Duration.ofSeconds(30);

    private StoreTable table;
    private StoreLeases leases;

    @BeforeAll
    void createDatabase() {
        table = new StoreTable();
        leases = new StoreLeases(table.dataSource());
    }

    @AfterAll
    void dropDatabase() {
        if (table != null) {
            table.close();
        }
    }

    @Test
    void aFreeStoreIsAcquiredWithItsFenceRow() throws SQLException {
        UUID store = table.insert(StoreStatus.PROVISIONING, 3);

        StoreLeases.Attempt attempt = leases.acquire(store, "a", TTL);

        assertThat(attempt).isInstanceOfSatisfying(StoreLeases.Attempt.Acquired.class,
                acquired -> assertThat(acquired.store()).isEqualTo(new StoreRow(StoreStatus.PROVISIONING, 3)));
        var now = table.now();
        assertThat(table.lease(store)).hasValueSatisfying(lease -> {
            assertThat(lease.holder()).isEqualTo("a");
            assertThat(lease.expiresAt()).isAfter(now.plus(TTL).minusSeconds(5));
        });
    }

    @Test
    void anotherHolderIsBusyWhileTheFirstHoldsTheStoreAndStillGetsTheFenceRow() throws SQLException {
        UUID store = table.insert(StoreStatus.DELETING, 5);
        leases.acquire(store, "a", TTL);

        StoreLeases.Attempt attempt = leases.acquire(store, "b", TTL);

        assertThat(attempt).isEqualTo(new StoreLeases.Attempt.Busy(new StoreRow(StoreStatus.DELETING, 5)));
        assertThat(table.lease(store)).hasValueSatisfying(lease -> assertThat(lease.holder()).isEqualTo("a"));
    }

    @Test
    void aHandedOverLeaseGoesOnlyToTheCommandItWasHandedTo() throws SQLException {
        UUID store = table.insert(StoreStatus.UPDATING, 2);
        UUID rollback = UUID.randomUUID();
        StoreLeases.Attempt.Acquired update = (StoreLeases.Attempt.Acquired) leases.acquire(store, "update", TTL);

        try (StoreLease lease = update.lease()) {
            lease.handOver(rollback);
        }

        assertThat(leases.acquire(store, "stale-wake-up", TTL)).as("closing a handed-over lease does not free it")
                .isInstanceOf(StoreLeases.Attempt.Busy.class);
        assertThat(leases.acquire(store, StoreLease.handedTo(rollback), TTL))
                .isInstanceOf(StoreLeases.Attempt.Acquired.class);
    }

    @Test
    void theHolderMayAcquireAgain() throws SQLException {
        UUID store = table.insert(StoreStatus.PROVISIONING, 1);
        leases.acquire(store, "a", TTL);

        assertThat(leases.acquire(store, "a", TTL)).isInstanceOf(StoreLeases.Attempt.Acquired.class);
    }

    @Test
    void anExpiredLeaseGoesToTheNextHolderAndTheOldOneLosesIt() throws SQLException {
        UUID store = table.insert(StoreStatus.PROVISIONING, 1);
        StoreLease first = acquired(leases.acquire(store, "a", Duration.ofMillis(50)));

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> leases.acquire(store, "b", TTL) instanceof StoreLeases.Attempt.Acquired);

        assertThatThrownBy(first::renewAndRead).isInstanceOf(LeaseLostException.class)
                .hasMessageContaining(store.toString());
        assertThat(leases.acquire(store, "c", TTL)).isInstanceOf(StoreLeases.Attempt.Busy.class);
    }

    @Test
    void aLeaseThatIsNotOursCannotBeRenewed() throws SQLException {
        UUID store = table.insert(StoreStatus.PROVISIONING, 1);
        leases.acquire(store, "a", TTL);

        assertThatThrownBy(() -> leases.renew(store, "b", TTL)).isInstanceOf(LeaseLostException.class);
        assertThat(table.lease(store)).hasValueSatisfying(lease -> assertThat(lease.holder()).isEqualTo("a"));
    }

    @Test
    void aLeaseNobodyTookCannotBeRenewed() throws SQLException {
        UUID store = table.insert(StoreStatus.PROVISIONING, 1);

        assertThatThrownBy(() -> leases.renew(store, "a", TTL)).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void renewingExtendsTheLeaseAndReadsTheFenceRowAsItIsNow() throws SQLException {
        UUID store = table.insert(StoreStatus.PROVISIONING, 1);
        StoreLease lease = acquired(leases.acquire(store, "a", TTL));
        var acquiredUntil = table.lease(store).orElseThrow().expiresAt();
        table.update(store, StoreStatus.DELETING, 2);

        Optional<StoreRow> row = lease.renewAndRead();

        assertThat(row).contains(new StoreRow(StoreStatus.DELETING, 2));
        assertThat(table.lease(store)).hasValueSatisfying(held ->
                assertThat(held.expiresAt()).isAfter(acquiredUntil));
    }

    @Test
    void releasingFreesTheStoreAtOnce() throws SQLException {
        UUID store = table.insert(StoreStatus.PROVISIONING, 1);
        StoreLease lease = acquired(leases.acquire(store, "a", TTL));

        lease.release();

        assertThat(table.lease(store)).isEmpty();
        assertThat(leases.acquire(store, "b", TTL)).isInstanceOf(StoreLeases.Attempt.Acquired.class);
    }

    @Test
    void closingTheLeaseReleasesIt() throws SQLException {
        UUID store = table.insert(StoreStatus.PROVISIONING, 1);

        try (StoreLease ignored = acquired(leases.acquire(store, "a", TTL))) {
            assertThat(leases.acquire(store, "b", TTL)).isInstanceOf(StoreLeases.Attempt.Busy.class);
        }

        assertThat(leases.acquire(store, "b", TTL)).isInstanceOf(StoreLeases.Attempt.Acquired.class);
    }

    @Test
    void aHolderThatLostTheLeaseCannotReleaseTheNewHolders() throws SQLException {
        UUID store = table.insert(StoreStatus.PROVISIONING, 1);
        StoreLease first = acquired(leases.acquire(store, "a", Duration.ofMillis(50)));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> leases.acquire(store, "b", TTL) instanceof StoreLeases.Attempt.Acquired);

        first.release();

        assertThat(table.lease(store)).hasValueSatisfying(lease -> assertThat(lease.holder()).isEqualTo("b"));
    }

    @Test
    void anUnknownStoreCannotBeLeased() throws SQLException {
        UUID store = UUID.randomUUID();

        assertThat(leases.acquire(store, "a", TTL)).isInstanceOf(StoreLeases.Attempt.UnknownStore.class);
        assertThat(table.lease(store)).isEmpty();
    }

    @Test
    void aStoreDeletedWhileLeasedReadsAsGoneAndTakesItsLeaseWithIt() throws SQLException {
        UUID store = table.insert(StoreStatus.DELETED, 2);
        StoreLease lease = acquired(leases.acquire(store, "a", TTL));

        table.delete(store);

        assertThat(lease.renewAndRead()).isEmpty();
        assertThat(table.lease(store)).isEmpty();
    }

    @Test
    void ofTwentyConcurrentAcquirersExactlyOneGetsTheStore() throws Exception {
        UUID store = table.insert(StoreStatus.PROVISIONING, 1);
        int holders = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(holders);
        try {
            List<Future<StoreLeases.Attempt>> attempts = new ArrayList<>();
            for (int i = 0; i < holders; i++) {
                String holder = "holder-" + i;
                attempts.add(threads.submit(() -> {
                    start.await();
                    return leases.acquire(store, holder, TTL);
                }));
            }
            start.countDown();

            List<StoreLeases.Attempt> results = new ArrayList<>();
            for (Future<StoreLeases.Attempt> attempt : attempts) {
                results.add(attempt.get(30, TimeUnit.SECONDS));
            }

            assertThat(results).filteredOn(StoreLeases.Attempt.Acquired.class::isInstance).hasSize(1);
            assertThat(results).filteredOn(StoreLeases.Attempt.Busy.class::isInstance).hasSize(holders - 1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anUnreachableDatabaseFailsAcquireWithSqlExceptionAndRenewWithLeaseLost() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:1/nothing");
        nowhere.setConnectTimeout(1);
        StoreLeases unreachable = new StoreLeases(nowhere);
        UUID store = UUID.randomUUID();

        assertThatThrownBy(() -> unreachable.acquire(store, "a", TTL)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> unreachable.renew(store, "a", TTL)).isInstanceOf(LeaseLostException.class)
                .hasCauseInstanceOf(SQLException.class);
    }

    private static StoreLease acquired(StoreLeases.Attempt attempt) {
        assertThat(attempt).isInstanceOf(StoreLeases.Attempt.Acquired.class);
        return ((StoreLeases.Attempt.Acquired) attempt).lease();
    }

    @Test
    void aDriftCheckTakesAReadyStoreAndLeavesItsMarkForTheNextCheckButNotForCommands() throws SQLException {
        UUID store = table.insert(StoreStatus.READY, 2);

        Optional<StoreLease> check = leases.acquireForCheck(store, "check-a", TTL, Duration.ofSeconds(30));
        assertThat(check).isPresent();
        assertThat(leases.acquireForCheck(store, "check-b", TTL, Duration.ZERO)).as("held").isEmpty();
        assertThat(leases.acquire(store, "command", TTL)).as("a command waits for the check")
                .isInstanceOf(StoreLeases.Attempt.Busy.class);

        check.get().releaseChecked();

        assertThat(leases.acquireForCheck(store, "check-b", TTL, Duration.ofSeconds(30)))
                .as("checked within 30 s").isEmpty();
        assertThat(leases.acquire(store, "command", TTL)).as("a command may run at once")
                .isInstanceOf(StoreLeases.Attempt.Acquired.class);
    }

    @Test
    void aCheckedStoreIsDueAgainOnceItsMarkIsOldEnough() throws SQLException {
        UUID store = table.insert(StoreStatus.READY, 1);
        leases.acquireForCheck(store, "check-a", TTL, Duration.ofSeconds(30)).orElseThrow().releaseChecked();

        await().atMost(Duration.ofSeconds(5)).until(() ->
                leases.acquireForCheck(store, "check-b", TTL, Duration.ofMillis(200)).isPresent());
    }

    @Test
    void onlyReadyStoresAreCheckedForDrift() throws SQLException {
        for (StoreStatus status : List.of(StoreStatus.QUEUED, StoreStatus.PROVISIONING, StoreStatus.FAILED,
                StoreStatus.DELETING, StoreStatus.DELETED)) {
            UUID store = table.insert(status, 1);
            assertThat(leases.acquireForCheck(store, "check", TTL, Duration.ZERO)).as(status.name()).isEmpty();
            assertThat(table.lease(store)).isEmpty();
        }
    }
}
