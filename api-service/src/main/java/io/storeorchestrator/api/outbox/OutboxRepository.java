package io.storeorchestrator.api.outbox;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The transactional outbox table. Plain SQL: the relay's claim needs {@code FOR UPDATE SKIP LOCKED}. */
@Singleton
@Transactional
public class OutboxRepository {

    private static final int ERROR_MAX = 1000;

    private final JdbcOperations jdbc;

    public OutboxRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a message to publish; call inside the transaction that records the intent. */
    public long enqueue(UUID storeId, OutgoingMessage message) {
        String sql = """
                INSERT INTO outbox (store_id, exchange, routing_key, message_id, message_type, payload)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id""";
        return jdbc.prepareStatement(sql, ps -> {
            ps.setObject(1, storeId);
            ps.setString(2, message.exchange());
            ps.setString(3, message.routingKey());
            ps.setString(4, message.messageId());
            ps.setString(5, message.type());
            ps.setBytes(6, message.body());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Locks up to {@code limit} unpublished rows, oldest first, skipping rows another relay already holds, so any
     * number of api-service replicas can relay at once without publishing a row twice.
     */
    public List<OutboxEntry> claimPending(int limit) {
        String sql = """
                SELECT id, exchange, routing_key, message_id, message_type, payload FROM outbox
                WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""";
        return jdbc.prepareStatement(sql, ps -> {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<OutboxEntry> entries = new ArrayList<>();
                while (rs.next()) {
                    entries.add(new OutboxEntry(rs.getLong("id"), new OutgoingMessage(rs.getString("exchange"),
                            rs.getString("routing_key"), rs.getString("message_id"), rs.getString("message_type"),
                            rs.getBytes("payload"))));
                }
                return entries;
            }
        });
    }

    public void markPublished(List<Long> ids) {
        update("UPDATE outbox SET published_at = now() WHERE id = ANY (?)", ids, null);
    }

    /** Remembers why publishing failed, for operators looking at a growing backlog. */
    public void recordFailure(List<Long> ids, String error) {
        String trimmed = error == null ? "unknown" : error.length() > ERROR_MAX ? error.substring(0, ERROR_MAX) : error;
        update("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ANY (?)", ids, trimmed);
    }

    public long countPending() {
        return jdbc.prepareStatement("SELECT count(*) FROM outbox WHERE published_at IS NULL", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private void update(String sql, List<Long> ids, String firstParameter) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(sql, ps -> {
            Array array = ps.getConnection().createArrayOf("bigint", ids.toArray());
            int i = 1;
            if (firstParameter != null) {
                ps.setString(i++, firstParameter);
            }
            ps.setArray(i, array);
            return ps.executeUpdate();
        });
    }
}
