package io.storeorchestrator.api.backup;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.ReadOnly;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code store_backups} rows: written by the API's requests, ended by the workers' backup events. */
@Singleton
public class BackupRepository {

    private static final String COLUMNS = "id, store_id, kind, status, engine, version, size_bytes, reason, created_at,"
            + " finished_at";

    private final JdbcOperations jdbc;

    public BackupRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(BackupRow row) {
        jdbc.prepareStatement("INSERT INTO store_backups (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setObject(1, row.id());
                    ps.setObject(2, row.storeId());
                    ps.setString(3, row.kind().name());
                    ps.setString(4, row.status().name());
                    ps.setString(5, row.engine());
                    ps.setString(6, row.version());
                    ps.setObject(7, row.sizeBytes(), Types.BIGINT);
                    ps.setString(8, row.reason());
                    ps.setObject(9, utc(row.createdAt()));
                    ps.setObject(10, utc(row.finishedAt()));
                    return ps.executeUpdate();
                });
    }

    /** A store's backups, newest first. */
    @ReadOnly
    public List<BackupRow> ofStore(UUID storeId) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM store_backups WHERE store_id = ?"
                + " ORDER BY created_at DESC, id DESC", ps -> {
            ps.setObject(1, storeId);
            List<BackupRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
            return rows;
        });
    }

    /** A backup by its id alone, whichever store it is of. */
    public Optional<BackupRow> findById(UUID id) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM store_backups WHERE id = ?", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.<BackupRow>empty();
            }
        });
    }

    /** A clone to start once {@code storeId} is READY: restore {@code backupId} of {@code sourceStoreId} into it. */
    public void insertClone(UUID storeId, UUID backupId, UUID sourceStoreId) {
        jdbc.prepareStatement("INSERT INTO store_clones (store_id, backup_id, source_store_id) VALUES (?, ?, ?)",
                ps -> {
                    ps.setObject(1, storeId);
                    ps.setObject(2, backupId);
                    ps.setObject(3, sourceStoreId);
                    return ps.executeUpdate();
                });
    }

    /** A clone waiting for its store to be READY: which backup, of which store. */
    public record PendingClone(UUID backupId, UUID sourceStoreId) {
    }

    /** The pending clones of these stores, by store, taken: removed in the caller's transaction. One statement. */
    public java.util.Map<UUID, PendingClone> takeClones(java.util.Collection<UUID> storeIds) {
        return jdbc.prepareStatement("DELETE FROM store_clones WHERE store_id = ANY (?)"
                + " RETURNING store_id, backup_id, source_store_id", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", storeIds.toArray()));
            java.util.Map<UUID, PendingClone> taken = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    taken.put(rs.getObject(1, UUID.class), new PendingClone(rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class)));
                }
            }
            return taken;
        });
    }

    public Optional<BackupRow> find(UUID storeId, UUID id) {
        return ofStore(storeId).stream().filter(row -> row.id().equals(id)).findFirst();
    }

    /**
     * Ends the backups the events report on: SUCCEEDED with its size, or FAILED with the reason. Only a RUNNING backup
     * ends, so a redelivered event, or one for a backup already ended, changes nothing. A BACKUP_DELETED (past
     * retention) removes the row.
     */
    public void applyEnded(List<StoreEvent> events, Instant now) {
        for (StoreEvent event : events) {
            if (event.backup() != null && event.type() == StoreEventType.BACKUP_DELETED) {
                // Past its plan's retention: gone from object storage, so gone from the list.
                jdbc.prepareStatement("DELETE FROM store_backups WHERE id = ? AND store_id = ?", ps -> {
                    ps.setObject(1, event.backup().id());
                    ps.setObject(2, event.storeId());
                    return ps.executeUpdate();
                });
                continue;
            }
            if (event.backup() == null || (event.type() != StoreEventType.BACKUP_SUCCEEDED
                    && event.type() != StoreEventType.BACKUP_FAILED)) {
                continue;
            }
            boolean succeeded = event.type() == StoreEventType.BACKUP_SUCCEEDED;
            jdbc.prepareStatement("UPDATE store_backups SET status = ?, size_bytes = ?, reason = ?, finished_at = ?"
                    + " WHERE id = ? AND store_id = ? AND status = 'RUNNING'", ps -> {
                ps.setString(1, (succeeded ? BackupStatus.SUCCEEDED : BackupStatus.FAILED).name());
                ps.setObject(2, succeeded ? event.backup().sizeBytes() : null, Types.BIGINT);
                ps.setString(3, succeeded ? null : event.message());
                ps.setObject(4, utc(now));
                ps.setObject(5, event.backup().id());
                ps.setObject(6, event.storeId());
                return ps.executeUpdate();
            });
        }
    }

    private static BackupRow read(ResultSet rs) throws SQLException {
        return new BackupRow(rs.getObject("id", UUID.class), rs.getObject("store_id", UUID.class),
                BackupKind.valueOf(rs.getString("kind")), BackupStatus.valueOf(rs.getString("status")),
                rs.getString("engine"), rs.getString("version"), rs.getObject("size_bytes", Long.class),
                rs.getString("reason"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
