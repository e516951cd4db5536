package io.storeorchestrator.api.store;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Every write to a store row, each as few statements as it can be: a create is one statement (data-modifying CTEs)
 * that moves the live-store count, inserts the store, its ACCEPTED entry, its audit row and its outbox row; a
 * later intent or a status event updates the row it locked and writes what goes with it in one more.
 *
 * <p>Everything but {@link #create} runs inside the caller's transaction.
 */
@Singleton
public class StoreWrites {

    /**
     * The quota check is the first CTE and gates the rest. Concurrent creates queue on the count's row lock, held
     * only until this statement commits, and each re-reads the count after the previous one committed, so creates on
     * any number of replicas never exceed the quota. A name already taken breaks the unique index (23505).
     */
    private static final String CREATE = """
            WITH quota AS (
                UPDATE live_store_count SET live = live + 1 WHERE live < ? RETURNING live
            ), store AS (
                INSERT INTO stores (id, name, engine, status, namespace, host, generation, deadline_at, created_at,
                                    updated_at)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM quota
                RETURNING id
            ), accepted AS (
                INSERT INTO store_events (id, store_id, generation, type, step, message, occurred_at)
                SELECT ?, id, ?, ?, ?, ?, ? FROM store
            ), audited AS (
                INSERT INTO audit_log (store_id, store_name, action, actor, source_ip, detail, occurred_at)
                SELECT id, ?, ?, ?, ?, ?, ? FROM store
            ), queued AS (
                INSERT INTO outbox (store_id, exchange, routing_key, message_id, message_type, payload)
                SELECT id, ?, ?, ?, ?, ? FROM store
            )
            SELECT count(*) FROM store""";

    private static final String UPDATE_STORE = """
            UPDATE stores SET status = ?, status_reason = ?, generation = ?, deadline_at = ?, updated_at = ?,
                              ready_at = ?, deleted_at = ?, failure_step = ?, failure_reason = ?, failure_message = ?,
                              failed_at = ?
            WHERE id = ? RETURNING id, name""";

    private static final String INTENT = "WITH changed AS (" + UPDATE_STORE + """
            ), accepted AS (
                INSERT INTO store_events (id, store_id, generation, type, step, message, occurred_at)
                SELECT ?, id, ?, ?, ?, ?, ? FROM changed
            ), audited AS (
                INSERT INTO audit_log (store_id, store_name, action, actor, source_ip, detail, occurred_at)
                SELECT id, name, ?, ?, ?, ?, ? FROM changed
            )
            INSERT INTO outbox (store_id, exchange, routing_key, message_id, message_type, payload)
            SELECT id, ?, ?, ?, ?, ? FROM changed""";

    private static final String STATUS = "WITH changed AS (" + UPDATE_STORE + """
            )
            INSERT INTO audit_log (store_id, store_name, action, actor, source_ip, detail, occurred_at)
            SELECT id, name, ?, ?, ?, ?, ? FROM changed""";

    /** NO KEY UPDATE: serializes intents and status events on the store, but not the timeline's foreign keys. */
    private static final String LOCK_AND_RECORD = """
            WITH store AS (
                SELECT * FROM stores WHERE id = ? FOR NO KEY UPDATE
            ), recorded AS (
                INSERT INTO store_events (id, store_id, generation, type, step, message, occurred_at, reason,
                                          duration_ms)
                SELECT ?, id, ?, ?, ?, ?, ?, ?, ? FROM store
                ON CONFLICT (id) DO NOTHING
                RETURNING id
            )
            SELECT store.*, EXISTS (SELECT 1 FROM recorded) AS recorded FROM store""";

    /** A store locked for a status event, and whether the event was new to its timeline. */
    public record Locked(StoreRow store, boolean recorded) {
    }

    private final JdbcOperations jdbc;

    public StoreWrites(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes a new store with everything that goes with it, in one statement: autocommit when called outside a
     * transaction, which is what the API does.
     *
     * @return false when the platform already runs {@code maxLive} stores (nothing was written)
     */
    public boolean create(StoreRow store, long maxLive, TimelineEntry accepted, AuditEntry audit,
                          OutgoingMessage command) {
        return jdbc.prepareStatement(CREATE, ps -> {
            int i = 1;
            ps.setLong(i++, maxLive);
            ps.setObject(i++, store.id());
            ps.setString(i++, store.name());
            ps.setString(i++, store.engine());
            ps.setString(i++, store.status().name());
            ps.setString(i++, store.namespace());
            ps.setString(i++, store.host());
            ps.setLong(i++, store.generation());
            ps.setObject(i++, utc(store.deadlineAt()));
            ps.setObject(i++, utc(store.createdAt()));
            ps.setObject(i++, utc(store.updatedAt()));
            i = bindEntry(ps, i, accepted);
            i = bindAudit(ps, i, audit, true);
            bindOutbox(ps, i, command);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        });
    }

    /** A new intent on a store locked by {@link #lock}: the row, its ACCEPTED entry, audit and outbox rows. */
    public void recordIntent(StoreRow changed, TimelineEntry accepted, AuditEntry audit, OutgoingMessage command) {
        jdbc.prepareStatement(INTENT, ps -> {
            int i = bindStore(ps, 1, changed);
            i = bindEntry(ps, i, accepted);
            i = bindAudit(ps, i, audit, false);
            bindOutbox(ps, i, command);
            return ps.executeUpdate();
        });
    }

    /** The store, locked for the rest of the transaction. */
    public Optional<StoreRow> lock(UUID id) {
        return jdbc.prepareStatement("SELECT * FROM stores WHERE id = ? FOR NO KEY UPDATE", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(jdbc.readEntity(rs, StoreRow.class)) : Optional.empty();
            }
        });
    }

    /** Locks the entry's store and records the entry; empty when there is no such store. */
    public Optional<Locked> lockAndRecord(TimelineEntry entry) {
        return jdbc.prepareStatement(LOCK_AND_RECORD, ps -> {
            ps.setObject(1, entry.storeId());
            int i = 2;
            ps.setObject(i++, entry.id());
            ps.setLong(i++, entry.generation());
            ps.setString(i++, entry.type());
            ps.setString(i++, entry.step());
            ps.setString(i++, entry.message());
            ps.setObject(i++, utc(entry.occurredAt()));
            ps.setString(i++, entry.reason());
            ps.setObject(i, entry.durationMs(), java.sql.Types.BIGINT);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Locked(jdbc.readEntity(rs, StoreRow.class), rs.getBoolean("recorded")))
                        : Optional.empty();
            }
        });
    }

    /** A status change reported for a store locked by {@link #lockAndRecord}, and its audit row. */
    public void applyStatus(StoreRow changed, AuditEntry audit) {
        jdbc.prepareStatement(STATUS, ps -> {
            int i = bindStore(ps, 1, changed);
            bindAudit(ps, i, audit, false);
            return ps.executeUpdate();
        });
    }

    /** {@code deleted} stores became DELETED in this transaction: their places count no more against the quota. */
    public void releaseLivePlaces(int deleted) {
        if (deleted == 0) {
            return;
        }
        jdbc.prepareStatement("UPDATE live_store_count SET live = GREATEST(live - ?, 0)", ps -> {
            ps.setLong(1, deleted);
            return ps.executeUpdate();
        });
    }

    private static int bindStore(PreparedStatement ps, int i, StoreRow row) throws SQLException {
        ps.setString(i++, row.status().name());
        ps.setString(i++, row.statusReason());
        ps.setLong(i++, row.generation());
        ps.setObject(i++, utc(row.deadlineAt()));
        ps.setObject(i++, utc(row.updatedAt()));
        ps.setObject(i++, utc(row.readyAt()));
        ps.setObject(i++, utc(row.deletedAt()));
        ps.setString(i++, row.failureStep());
        ps.setString(i++, row.failureReason());
        ps.setString(i++, row.failureMessage());
        ps.setObject(i++, utc(row.failedAt()));
        ps.setObject(i++, row.id());
        return i;
    }

    /** An ACCEPTED entry: the store id comes from the statement. */
    private static int bindEntry(PreparedStatement ps, int i, TimelineEntry entry) throws SQLException {
        ps.setObject(i++, entry.id());
        ps.setLong(i++, entry.generation());
        ps.setString(i++, entry.type());
        ps.setString(i++, entry.step());
        ps.setString(i++, entry.message());
        ps.setObject(i++, utc(entry.occurredAt()));
        return i;
    }

    /** The store id (and, on create, its name) come from the statement. */
    private static int bindAudit(PreparedStatement ps, int i, AuditEntry audit, boolean withName) throws SQLException {
        if (withName) {
            ps.setString(i++, audit.storeName());
        }
        ps.setString(i++, audit.action());
        ps.setString(i++, audit.actor());
        ps.setString(i++, audit.sourceIp());
        ps.setString(i++, audit.detail());
        ps.setObject(i++, utc(audit.occurredAt()));
        return i;
    }

    private static void bindOutbox(PreparedStatement ps, int i, OutgoingMessage message) throws SQLException {
        ps.setString(i++, message.exchange());
        ps.setString(i++, message.routingKey());
        ps.setString(i++, message.messageId());
        ps.setString(i++, message.type());
        ps.setBytes(i, message.body());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
