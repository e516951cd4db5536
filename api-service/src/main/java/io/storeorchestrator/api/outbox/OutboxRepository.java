package io.storeorchestrator.api.outbox;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The transactional outbox table, read by the relay. Plain SQL: the claim needs {@code FOR UPDATE SKIP LOCKED}. Rows are
 * written by {@link io.storeorchestrator.api.store.StoreWrites}, in the statement that records the intent.
 */
@Singleton
@Transactional
public class OutboxRepository {

    private static final int ERROR_MAX = 1000;

    private final JdbcOperations jdbc;

    public OutboxRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Marks up to {@code limit} unpublished rows published and returns them, oldest first, skipping rows another relay
     * holds, so any number of api-service replicas can relay at once without publishing a row twice. Call inside the
     * transaction that publishes them: if publishing fails, the rollback makes them pending again.
     */
    public List<OutboxEntry> claimForPublishing(int limit) {
        String sql = """
                UPDATE outbox SET published_at = now()
                WHERE id IN (SELECT id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING id, exchange, routing_key, message_id, message_type, payload, traceparent""";
        return jdbc.prepareStatement(sql, ps -> {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<OutboxEntry> entries = new ArrayList<>();
                while (rs.next()) {
                    entries.add(new OutboxEntry(rs.getLong("id"), new OutgoingMessage(rs.getString("exchange"),
                            rs.getString("routing_key"), rs.getString("message_id"), rs.getString("message_type"),
                            rs.getBytes("payload"), rs.getString("traceparent"))));
                }
                // RETURNING has no order; commands go out in the order they were written.
                entries.sort(Comparator.comparingLong(OutboxEntry::id));
                return entries;
            }
        });
    }

    /** Remembers why publishing failed, for operators looking at a growing backlog. */
    public void recordFailure(List<Long> ids, String error) {
        if (ids.isEmpty()) {
            return;
        }
        String trimmed = error == null ? "unknown" : error.length() > ERROR_MAX ? error.substring(0, ERROR_MAX) : error;
        jdbc.prepareStatement("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ANY (?)", ps -> {
            ps.setString(1, trimmed);
            ps.setArray(2, ps.getConnection().createArrayOf("bigint", ids.toArray()));
            return ps.executeUpdate();
        });
    }

    /** Unpublished rows, and how long the oldest has waited (0 when none). */
    public record Backlog(long pending, double oldestAgeSeconds) {
    }

    public Backlog backlog() {
        String sql = """
                SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
                FROM outbox WHERE published_at IS NULL""";
        return jdbc.prepareStatement(sql, ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Backlog(rs.getLong(1), Math.max(0, rs.getDouble(2)));
            }
        });
    }
}
