package io.storeorchestrator.worker.fencing;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Hands out per-store locks, so two commands for one store never run at once on any number of workers. */
@Singleton
public final class StoreLocks {

    private static final Logger LOG = LoggerFactory.getLogger(StoreLocks.class);
    /** How often a waiting command asks again; short, since a lock is usually freed by a finishing command. */
    private static final Duration RETRY_INTERVAL = Duration.ofMillis(200);

    private final DataSource dataSource;

    public StoreLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Takes the store's lock, waiting up to {@code wait} for another worker to release it, and for as long as it
     * takes for PostgreSQL to come back when it is down. Giving up during an outage would hand the command back to
     * the queue again and again, and each time counts against its delivery limit: a long enough outage would
     * dead-letter perfectly good commands.
     *
     * @param stopping checked while waiting: a stopping worker gives up at once
     * @return the held lock, or empty when it could not be had in time
     */
    public Optional<StoreLock> acquire(UUID storeId, Duration wait, BooleanSupplier stopping)
            throws InterruptedException {
        long key = lockKey(storeId);
        Instant giveUpAt = Instant.now().plus(wait);
        String lastProblem = null;
        boolean databaseDown = false;
        while (!stopping.getAsBoolean()) {
            try {
                Optional<StoreLock> lock = tryAcquire(storeId, key);
                if (lock.isPresent()) {
                    return lock;
                }
                databaseDown = false;
                lastProblem = "held by another command";
            } catch (SQLException e) {
                if (!Objects.equals(e.getMessage(), lastProblem)) {
                    LOG.warn("PostgreSQL unavailable while locking store {}, holding the command until it returns: {}",
                            storeId, e.getMessage());
                }
                databaseDown = true;
                lastProblem = e.getMessage();
            }
            if (!databaseDown && !Instant.now().plus(RETRY_INTERVAL).isBefore(giveUpAt)) {
                LOG.info("Could not lock store {} within {} ({})", storeId, wait, lastProblem);
                return Optional.empty();
            }
            TimeUnit.MILLISECONDS.sleep(RETRY_INTERVAL.toMillis());
        }
        return Optional.empty();
    }

    private Optional<StoreLock> tryAcquire(UUID storeId, long key) throws SQLException {
        Connection connection = dataSource.getConnection();
        boolean locked = false;
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, key);
            try (ResultSet result = lock.executeQuery()) {
                locked = result.next() && result.getBoolean(1);
            }
            return locked ? Optional.of(new StoreLock(connection, storeId, key)) : Optional.empty();
        } finally {
            if (!locked) {
                connection.close();
            }
        }
    }

    /** Advisory locks take a bigint; folding the UUID's halves keeps collisions (harmless: a wait) vanishingly rare. */
    static long lockKey(UUID storeId) {
        return storeId.getMostSignificantBits() ^ storeId.getLeastSignificantBits();
    }
}
