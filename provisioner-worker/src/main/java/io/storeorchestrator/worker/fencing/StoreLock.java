package io.storeorchestrator.worker.fencing;

import io.storeorchestrator.common.domain.StoreStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * A held per-store lock: a PostgreSQL session advisory lock on its own connection. If the worker dies, the session
 * ends and PostgreSQL releases the lock, so a redelivered command is never blocked by a dead worker.
 *
 * <p>Fence reads go through the same connection: a read that fails means the session (and so the lock) may be gone,
 * and the command must stop rather than run unprotected.
 */
public final class StoreLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreLock.class);

    private final Connection connection;
    private final UUID storeId;
    private final long key;

    StoreLock(Connection connection, UUID storeId, long key) {
        this.connection = connection;
        this.storeId = storeId;
        this.key = key;
    }

    /**
     * Reads the store's status and generation.
     *
     * @throws LockLostException when PostgreSQL cannot be asked (the lock may be gone with the session)
     */
    public Optional<StoreRow> readStore() {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT status, generation FROM stores WHERE id = ?")) {
            select.setObject(1, storeId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoreRow(StoreStatus.valueOf(rows.getString(1)), rows.getLong(2)));
            }
        } catch (SQLException e) {
            throw new LockLostException("cannot read store " + storeId + " from PostgreSQL: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, key);
            unlock.execute();
        } catch (SQLException e) {
            // The session is broken; PostgreSQL drops its locks with it.
            LOG.debug("unlocking store {}", storeId, e);
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing lock connection of store {}", storeId, e);
            }
        }
    }
}
