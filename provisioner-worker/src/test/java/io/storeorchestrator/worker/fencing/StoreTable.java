package io.storeorchestrator.worker.fencing;

import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.naming.StoreNames;
import io.storeorchestrator.common.testsupport.TestDatabase;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A migrated database of its own on the real PostgreSQL, with the few writes the API makes to the {@code stores} rows
 * a worker fences on, and a look at the {@code store_leases} row a test cannot see through {@link StoreLeases}.
 */
public final class StoreTable implements AutoCloseable {

    private final TestDatabase database = TestDatabase.createMigrated();
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    public StoreTable() {
        dataSource.setURL(database.jdbcUrl());
        dataSource.setUser(database.user());
        dataSource.setPassword(database.password());
    }

    /** Opens a connection per call, as a pool would hand one out. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Inserts a store row as the API does on create, and returns its id. */
    public UUID insert(StoreStatus status, long generation) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = database.connect(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO stores (id, name, engine, status, namespace, host, generation, created_at, updated_at)
                VALUES (?, ?, 'woocommerce', ?, ?, ?, ?, now(), now())""")) {
            String name = "s" + id.toString().replace("-", "").substring(0, 20);
            insert.setObject(1, id);
            insert.setString(2, name);
            insert.setString(3, status.name());
            insert.setString(4, StoreNames.namespaceFor(id));
            insert.setString(5, name + ".localtest.me");
            insert.setLong(6, generation);
            insert.executeUpdate();
        }
        return id;
    }

    /** Moves the row as the API does on a new intent (retry, delete) or when it applies a worker's event. */
    public void update(UUID id, StoreStatus status, long generation) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement update = c.prepareStatement(
                "UPDATE stores SET status = ?, generation = ?, updated_at = now() WHERE id = ?")) {
            update.setString(1, status.name());
            update.setLong(2, generation);
            update.setObject(3, id);
            update.executeUpdate();
        }
    }

    /** Removes the store's row (and, by cascade, its lease). */
    public void delete(UUID id) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement delete = c.prepareStatement(
                "DELETE FROM stores WHERE id = ?")) {
            delete.setObject(1, id);
            delete.executeUpdate();
        }
    }

    /** The lease row's holder and expiry, when there is one. */
    public Optional<LeaseRow> lease(UUID id) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement select = c.prepareStatement(
                "SELECT holder, expires_at FROM store_leases WHERE store_id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new LeaseRow(row.getString(1), row.getTimestamp(2).toInstant()))
                        : Optional.empty();
            }
        }
    }

    /** The database's own clock, which lease expiries are measured against. */
    public Instant now() throws SQLException {
        try (Connection c = database.connect(); PreparedStatement select = c.prepareStatement("SELECT now()");
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getTimestamp(1).toInstant();
        }
    }

    public record LeaseRow(String holder, Instant expiresAt) {
    }

    @Override
    public void close() {
        database.close();
    }
}
