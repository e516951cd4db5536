package io.storeorchestrator.worker.fencing;

import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-store leases in PostgreSQL ({@code store_leases}): what keeps two commands of one store from running at once
 * on any number of workers, without holding a connection. Every statement borrows a pooled connection for one round
 * trip; between statements the lease is just a row with an expiry, so a store that waits for its pods holds nothing,
 * and a worker that dies lets its leases run out.
 */
@Singleton
public final class StoreLeases {

    // Takes the lease if it is free, expired or already ours, and reads the fence in the same round trip.
    private static final String ACQUIRE = """
            WITH taken AS (
                INSERT INTO store_leases (store_id, holder, acquired_at, expires_at)
                SELECT s.id, ?, now(), now() + make_interval(secs => ?) FROM stores s WHERE s.id = ?
                ON CONFLICT (store_id) DO UPDATE
                    SET holder = EXCLUDED.holder, acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
                    WHERE store_leases.expires_at < now() OR store_leases.holder = EXCLUDED.holder
                RETURNING store_id)
            SELECT s.status, s.generation, EXISTS (SELECT 1 FROM taken) FROM stores s WHERE s.id = ?""";

    // Extends a lease we still hold and that has not run out, and reads the fence; "not renewed" means the lease is
    // gone, or expired and up for grabs: either way the command must stop rather than run unprotected.
    private static final String RENEW = """
            WITH renewed AS (
                UPDATE store_leases SET expires_at = now() + make_interval(secs => ?)
                WHERE store_id = ? AND holder = ? AND expires_at > now() RETURNING store_id)
            SELECT s.status, s.generation, EXISTS (SELECT 1 FROM renewed) FROM stores s WHERE s.id = ?""";

    private static final String RELEASE = "DELETE FROM store_leases WHERE store_id = ? AND holder = ?";

    // Passes a held lease straight to the command that must run next, so nothing else of the store runs in between.
    private static final String HAND_OVER = """
            UPDATE store_leases SET holder = ?, acquired_at = now(), expires_at = now() + make_interval(secs => ?)
            WHERE store_id = ? AND holder = ?""";

    // A drift check takes a READY store's lease like a command, but only when nobody took it within the given time:
    // the row a check leaves behind, expired, says when the store was last checked, so any number of workers share the
    // checks instead of repeating them.
    private static final String ACQUIRE_FOR_CHECK = """
            WITH taken AS (
                INSERT INTO store_leases (store_id, holder, acquired_at, expires_at)
                SELECT s.id, ?, now(), now() + make_interval(secs => ?) FROM stores s
                WHERE s.id = ? AND s.status = 'READY'
                ON CONFLICT (store_id) DO UPDATE
                    SET holder = EXCLUDED.holder, acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
                    WHERE store_leases.expires_at < now()
                      AND store_leases.acquired_at < now() - make_interval(secs => ?)
                RETURNING store_id)
            SELECT EXISTS (SELECT 1 FROM taken)""";

    // Frees the lease at once (a command may take it) but keeps the row: its acquired_at is when the check ran.
    private static final String RELEASE_CHECKED =
            "UPDATE store_leases SET expires_at = least(expires_at, now()) WHERE store_id = ? AND holder = ?";

    private final DataSource dataSource;

    public StoreLeases(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The outcome of asking for a store's lease, with the store's row read in the same statement. */
    public sealed interface Attempt {
        /** No such store. */
        record UnknownStore() implements Attempt {
        }

        /** Another command holds the store; try again later. */
        record Busy(StoreRow store) implements Attempt {
        }

        /** Ours until {@link StoreLease#release()} or expiry. */
        record Acquired(StoreLease lease, StoreRow store) implements Attempt {
        }
    }

    /**
     * @param holder unique per command execution, so two executions on one worker exclude each other too
     * @throws SQLException when PostgreSQL cannot be asked; the caller holds the command until it returns
     */
    public Attempt acquire(UUID storeId, String holder, Duration ttl) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement acquire = connection.prepareStatement(ACQUIRE)) {
            acquire.setString(1, holder);
            acquire.setDouble(2, seconds(ttl));
            acquire.setObject(3, storeId);
            acquire.setObject(4, storeId);
            try (ResultSet row = acquire.executeQuery()) {
                if (!row.next()) {
                    return new Attempt.UnknownStore();
                }
                StoreRow store = StoreRow.from(row.getString(1), row.getLong(2));
                return row.getBoolean(3)
                        ? new Attempt.Acquired(new StoreLease(this, storeId, holder, ttl), store)
                        : new Attempt.Busy(store);
            }
        }
    }

    /** @return the store's row, or empty when the store is gone; throws {@link LeaseLostException} when not ours */
    Optional<StoreRow> renew(UUID storeId, String holder, Duration ttl) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement renew = connection.prepareStatement(RENEW)) {
            renew.setDouble(1, seconds(ttl));
            renew.setObject(2, storeId);
            renew.setString(3, holder);
            renew.setObject(4, storeId);
            try (ResultSet row = renew.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                if (!row.getBoolean(3)) {
                    throw new LeaseLostException("the lease on store " + storeId + " expired or was taken over");
                }
                return Optional.of(StoreRow.from(row.getString(1), row.getLong(2)));
            }
        } catch (SQLException e) {
            throw new LeaseLostException("cannot renew the lease on store " + storeId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes the lease of a READY store for a drift check, unless it is held or was taken within {@code notWithin}
     * (the store was checked, or ran a command, that recently).
     *
     * @return the lease, to give back with {@link StoreLease#releaseChecked()}; empty when the store is not READY,
     * busy, or checked recently
     * @throws SQLException when PostgreSQL cannot be asked; the check is skipped until the next round
     */
    public Optional<StoreLease> acquireForCheck(UUID storeId, String holder, Duration ttl, Duration notWithin)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement acquire = connection.prepareStatement(ACQUIRE_FOR_CHECK)) {
            acquire.setString(1, holder);
            acquire.setDouble(2, seconds(ttl));
            acquire.setObject(3, storeId);
            acquire.setDouble(4, seconds(notWithin));
            try (ResultSet row = acquire.executeQuery()) {
                return row.next() && row.getBoolean(1)
                        ? Optional.of(new StoreLease(this, storeId, holder, ttl)) : Optional.empty();
            }
        }
    }

    void releaseChecked(UUID storeId, String holder) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement release = connection.prepareStatement(RELEASE_CHECKED)) {
            release.setObject(1, storeId);
            release.setString(2, holder);
            release.executeUpdate();
        }
    }

    void release(UUID storeId, String holder) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement release = connection.prepareStatement(RELEASE)) {
            release.setObject(1, storeId);
            release.setString(2, holder);
            release.executeUpdate();
        }
    }

    /** @return whether the lease was still {@code holder}'s and is now {@code nextHolder}'s */
    boolean handOver(UUID storeId, String holder, String nextHolder, Duration ttl) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(HAND_OVER)) {
            statement.setString(1, nextHolder);
            statement.setDouble(2, seconds(ttl));
            statement.setObject(3, storeId);
            statement.setString(4, holder);
            return statement.executeUpdate() == 1;
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
