package io.storeorchestrator.reaper.store;

import io.storeorchestrator.common.domain.StoreStatus;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Read-only queries over the stores table (the API is its only writer). Every query is bounded, so a backlog is
 * worked off over several sweeps instead of in one huge one.
 */
@Singleton
public class StoreReader {

    /** Rows per query; ids per {@code = ANY(?)} lookup. */
    static final int BATCH = 500;

    private static final String COLUMNS = "id, name, engine, status, namespace, host, generation, deadline_at, "
            + "created_at, updated_at, plan, version, revision, tenant_id, expires_at, expiry_noticed_at, failed_at, "
            + "deleted_at, template";

    private final DataSource dataSource;

    public StoreReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** QUEUED or PROVISIONING stores whose deadline is before {@code cutoff}, oldest deadline first. */
    public List<StoreRow> provisioningWithDeadlineBefore(Instant cutoff) {
        return query("SELECT " + COLUMNS + " FROM stores WHERE status IN ('QUEUED', 'PROVISIONING') "
                + "AND deadline_at < ? ORDER BY deadline_at LIMIT " + BATCH, cutoff);
    }

    /** DELETING stores not updated since {@code cutoff}, oldest first. */
    public List<StoreRow> deletingNotUpdatedSince(Instant cutoff) {
        return query("SELECT " + COLUMNS + " FROM stores WHERE status = 'DELETING' "
                + "AND updated_at < ? ORDER BY updated_at LIMIT " + BATCH, cutoff);
    }

    /**
     * Stores not being deleted that are due their EXPIRING notice (the notice period before their expiry has begun and
     * no notice counts for it) or their deletion (expired), soonest expiry first.
     */
    public List<StoreRow> expiryDue(Instant now, Duration notice, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM stores WHERE expires_at IS NOT NULL AND expires_at < ? "
                + "AND status NOT IN ('DELETING', 'DELETED') AND (expires_at <= ? OR expiry_noticed_at IS NULL "
                + "OR expiry_noticed_at < expires_at - make_interval(secs => ?)) ORDER BY expires_at LIMIT " + limit;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.from(now.plus(notice)));
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setDouble(3, notice.toMillis() / 1000.0);
            return rows(statement);
        } catch (SQLException e) {
            throw new StoreReadException("querying expiring stores: " + e.getMessage(), e);
        }
    }

    /** FAILED stores that failed before {@code cutoff}, oldest first. */
    public List<StoreRow> failedBefore(Instant cutoff, int limit) {
        return query("SELECT " + COLUMNS + " FROM stores WHERE status = 'FAILED' AND COALESCE(failed_at, updated_at) < ? "
                + "ORDER BY COALESCE(failed_at, updated_at) LIMIT " + limit, cutoff);
    }

    /** DELETED stores deleted before {@code cutoff}, oldest first. */
    public List<StoreRow> deletedBefore(Instant cutoff, int limit) {
        return query("SELECT " + COLUMNS + " FROM stores WHERE status = 'DELETED' "
                + "AND COALESCE(deleted_at, updated_at) < ? ORDER BY COALESCE(deleted_at, updated_at) LIMIT " + limit,
                cutoff);
    }

    // Backups and restore (issue 11)
    /**
     * READY stores on {@code plan} due a scheduled backup: none of their manual or scheduled backups was taken since
     * {@code cutoff}, and none is running; by id, at most {@code limit}.
     */
    public List<StoreRow> backupDue(String plan, Instant cutoff, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM stores s WHERE s.status = 'READY' AND s.plan = ? AND NOT EXISTS ("
                + "SELECT 1 FROM store_backups b WHERE b.store_id = s.id AND (b.status = 'RUNNING'"
                + " OR (b.kind IN ('MANUAL', 'SCHEDULED') AND b.created_at >= ?))) ORDER BY s.id LIMIT " + limit;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, plan);
            statement.setTimestamp(2, Timestamp.from(cutoff));
            return rows(statement);
        } catch (SQLException e) {
            throw new StoreReadException("querying stores due a backup: " + e.getMessage(), e);
        }
    }

    /** READY and UPDATING stores with an id after {@code after} (null: from the first), by id: one page. */
    public List<StoreRow> liveAfter(UUID after, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM stores WHERE status IN ('READY', 'UPDATING')"
                + (after == null ? "" : " AND id > ?") + " ORDER BY id LIMIT " + limit;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (after != null) {
                statement.setObject(1, after);
            }
            return rows(statement);
        } catch (SQLException e) {
            throw new StoreReadException("querying live stores: " + e.getMessage(), e);
        }
    }

    /** The status of each of these stores that has a row; ids without a row are absent from the result. */
    public Map<UUID, StoreStatus> statusesOf(Collection<UUID> ids) {
        Map<UUID, StoreStatus> statuses = new HashMap<>();
        List<UUID> all = List.copyOf(ids);
        try (Connection connection = dataSource.getConnection()) {
            for (int from = 0; from < all.size(); from += BATCH) {
                List<UUID> batch = all.subList(from, Math.min(all.size(), from + BATCH));
                try (PreparedStatement statement =
                             connection.prepareStatement("SELECT id, status FROM stores WHERE id = ANY(?)")) {
                    Array array = connection.createArrayOf("uuid", batch.toArray());
                    statement.setArray(1, array);
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            statuses.put(rows.getObject("id", UUID.class), StoreStatus.valueOf(rows.getString("status")));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreReadException("reading store statuses: " + e.getMessage(), e);
        }
        return statuses;
    }

    private List<StoreRow> query(String sql, Instant cutoff) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.from(cutoff));
            return rows(statement);
        } catch (SQLException e) {
            throw new StoreReadException("querying stores: " + e.getMessage(), e);
        }
    }

    private static List<StoreRow> rows(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            List<StoreRow> result = new ArrayList<>();
            while (rows.next()) {
                result.add(toRow(rows));
            }
            return result;
        }
    }

    private static StoreRow toRow(ResultSet rows) throws SQLException {
        return new StoreRow(
                rows.getObject("id", UUID.class),
                rows.getString("name"),
                rows.getString("engine"),
                StoreStatus.valueOf(rows.getString("status")),
                rows.getString("namespace"),
                rows.getString("host"),
                rows.getLong("generation"),
                instant(rows.getTimestamp("deadline_at")),
                instant(rows.getTimestamp("created_at")),
                instant(rows.getTimestamp("updated_at")),
                rows.getString("plan"),
                rows.getString("version"),
                rows.getObject("revision", Integer.class),
                rows.getObject("tenant_id", UUID.class),
                instant(rows.getTimestamp("expires_at")),
                instant(rows.getTimestamp("expiry_noticed_at")),
                instant(rows.getTimestamp("failed_at")),
                instant(rows.getTimestamp("deleted_at")),
                rows.getString("template"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** The database could not be read; the sweep is skipped and retried at the next interval. */
    public static final class StoreReadException extends RuntimeException {
        public StoreReadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
