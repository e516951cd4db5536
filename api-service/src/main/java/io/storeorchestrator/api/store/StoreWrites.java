package io.storeorchestrator.api.store;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Every write to a store row, each as few statements as it can be: a create is one statement (data-modifying CTEs)
 * that takes a place in the live-store quota, inserts the store, its revision 1, its ACCEPTED entry, its audit row and
 * its outbox row; a
 * later intent updates the row it locked and writes what goes with it in one more; a batch of status events locks
 * its stores in one statement and writes them, with their audit rows, in one more.
 *
 * <p>Everything but {@link #create} runs inside the caller's transaction.
 */
@Singleton
public class StoreWrites {

    /** Rows of {@code live_store_shards} (migration V3): the live-store quota is counted in this many parts. */
    public static final int QUOTA_SHARDS = 16;

    /**
     * The quota check is the first CTE and gates the rest: it counts the store in a shard still below its share of
     * the quota (see V3__lean_writes.sql), re-checked on the shard's latest row once it is locked. Shards other
     * creates hold are skipped, so creates do not queue on each other's commits; {@link #WAITING} is the fallback
     * when every shard with room is held. It takes the shards in their order, not at random: a row lock it waited for
     * stays held even when the recheck then finds that shard full, so waiting creates that took shards in different
     * orders would deadlock on each other. A name already taken breaks the unique index (23505).
     */
    private static final String CREATE_TEMPLATE = """
            WITH quota AS (
                UPDATE live_store_shards s SET live = s.live + 1
                FROM (SELECT shard FROM live_store_shards, (SELECT ?::bigint AS quota, ?::bigint AS shards) p
                      WHERE live < p.quota / p.shards + CASE WHEN shard < mod(p.quota, p.shards) THEN 1 ELSE 0 END
                      ORDER BY $ORDER LIMIT 1 FOR UPDATE OF live_store_shards $SKIP) free
                WHERE s.shard = free.shard
                RETURNING s.shard
            ), store AS (
                INSERT INTO stores (id, name, engine, plan, version, revision, status, namespace, host, generation,
                                    deadline_at, created_at, updated_at, quota_shard, tenant_id, expires_at,
                                    template)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, shard, ?, ?, ? FROM quota
                RETURNING id, tenant_id
            ), revised AS (
                INSERT INTO store_revisions (store_id, revision, generation, version, plan, status, reason, created_at,
                                             ready_at)
                SELECT id, ?, ?, ?, ?, ?, ?, ?, ? FROM store
            ), accepted AS (
                INSERT INTO store_events (id, store_id, generation, type, step, message, occurred_at, revision)
                SELECT ?, id, ?, ?, ?, ?, ?, ? FROM store
            ), audited AS (
                INSERT INTO audit_log (store_id, store_name, action, actor, source_ip, detail, occurred_at, tenant_id)
                SELECT id, ?, ?, ?, ?, ?, ?, tenant_id FROM store
            ), queued AS (
                INSERT INTO outbox (store_id, exchange, routing_key, message_id, message_type, payload, traceparent)
                SELECT id, ?, ?, ?, ?, ?, ? FROM store
            )
            SELECT count(*) FROM store""";
    private static final String SKIPPING = CREATE_TEMPLATE.replace("$ORDER", "random()").replace("$SKIP", "SKIP LOCKED");
    private static final String WAITING = CREATE_TEMPLATE.replace("$ORDER", "shard").replace("$SKIP", "");

    private static final String UPDATE_STORE = """
            UPDATE stores SET status = ?, status_reason = ?, generation = ?, deadline_at = ?, updated_at = ?,
                              ready_at = ?, deleted_at = ?, failure_step = ?, failure_reason = ?, failure_message = ?,
                              failed_at = ?
            WHERE id = ? RETURNING id, name, tenant_id""";

    private static final String INTENT = "WITH changed AS (" + UPDATE_STORE + """
            ), accepted AS (
                INSERT INTO store_events (id, store_id, generation, type, step, message, occurred_at, revision)
                SELECT ?, id, ?, ?, ?, ?, ?, ? FROM changed
            ), audited AS (
                INSERT INTO audit_log (store_id, store_name, action, actor, source_ip, detail, occurred_at, tenant_id)
                SELECT id, name, ?, ?, ?, ?, ?, tenant_id FROM changed
            )
            INSERT INTO outbox (store_id, exchange, routing_key, message_id, message_type, payload, traceparent)
            SELECT id, ?, ?, ?, ?, ?, ? FROM changed""";

    /** Every store a batch of events moved, and an audit row per move, in one statement. */
    private static final String STATUSES = """
            WITH changed AS (
                UPDATE stores s SET status = v.status, status_reason = v.status_reason, generation = v.generation,
                                    deadline_at = v.deadline_at, updated_at = v.updated_at, ready_at = v.ready_at,
                                    deleted_at = v.deleted_at, failure_step = v.failure_step,
                                    failure_reason = v.failure_reason, failure_message = v.failure_message,
                                    failed_at = v.failed_at, plan = v.plan, version = v.version,
                                    revision = v.revision, expiry_noticed_at = v.expiry_noticed_at
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::timestamptz[], ?::timestamptz[],
                            ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                            ?::text[], ?::text[], ?::int[], ?::timestamptz[])
                    AS v(id, status, status_reason, generation, deadline_at, updated_at, ready_at, deleted_at,
                         failure_step, failure_reason, failure_message, failed_at, plan, version, revision,
                         expiry_noticed_at)
                WHERE s.id = v.id
            )
            INSERT INTO audit_log (store_id, store_name, action, actor, source_ip, detail, occurred_at, tenant_id)
            SELECT a.store_id, a.store_name, a.action, a.actor, a.source_ip, a.detail, a.occurred_at, s.tenant_id
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                WITH ORDINALITY AS a(store_id, store_name, action, actor, source_ip, detail, occurred_at, n)
            LEFT JOIN stores s ON s.id = a.store_id
            ORDER BY a.n""";

    /** An expiry change: the row, its timeline entry and audit row; no new generation, no command. */
    private static final String EXPIRY = """
            WITH changed AS (
                UPDATE stores SET expires_at = ?, expiry_noticed_at = NULL, updated_at = ? WHERE id = ?
                RETURNING id, name, tenant_id
            ), accepted AS (
                INSERT INTO store_events (id, store_id, generation, type, step, message, occurred_at, revision)
                SELECT ?, id, ?, ?, ?, ?, ?, ? FROM changed
            )
            INSERT INTO audit_log (store_id, store_name, action, actor, source_ip, detail, occurred_at, tenant_id)
            SELECT id, name, ?, ?, ?, ?, ?, tenant_id FROM changed""";

    private final JdbcOperations jdbc;

    public StoreWrites(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes a new store with everything that goes with it, in one statement: autocommit when called outside a
     * transaction, which is what the API does.
     *
     * @param waitForShard false: skip shards other creates hold (a false "full" is then possible while every shard
     *                     with room is held); true: wait for them
     * @return false when no place was free (nothing was written)
     */
    public boolean create(StoreRow store, long maxLive, boolean waitForShard, StoreRevision first,
                          TimelineEntry accepted, AuditEntry audit, OutgoingMessage command) {
        return jdbc.prepareStatement(waitForShard ? WAITING : SKIPPING, ps -> {
            int i = 1;
            ps.setLong(i++, maxLive);
            ps.setLong(i++, QUOTA_SHARDS);
            ps.setObject(i++, store.id());
            ps.setString(i++, store.name());
            ps.setString(i++, store.engine());
            ps.setString(i++, store.plan());
            ps.setString(i++, store.version());
            ps.setInt(i++, store.revision());
            ps.setString(i++, store.status().name());
            ps.setString(i++, store.namespace());
            ps.setString(i++, store.host());
            ps.setLong(i++, store.generation());
            ps.setObject(i++, utc(store.deadlineAt()));
            ps.setObject(i++, utc(store.createdAt()));
            ps.setObject(i++, utc(store.updatedAt()));
            ps.setObject(i++, store.tenantId());
            ps.setObject(i++, utc(store.expiresAt()));
            ps.setString(i++, store.template());
            i = RevisionRepository.bindWithoutStore(ps, i, first);
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

    /**
     * The stores that exist among {@code ids}, locked for the rest of the transaction, in id order. NO KEY UPDATE
     * serializes intents and status events on a store, but not the timeline's foreign-key checks.
     */
    public Map<UUID, StoreRow> lockAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String sql = "SELECT * FROM stores WHERE id = ANY (?) ORDER BY id FOR NO KEY UPDATE";
        return jdbc.prepareStatement(sql, ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids.toArray()));
            Map<UUID, StoreRow> locked = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoreRow row = jdbc.readEntity(rs, StoreRow.class);
                    locked.put(row.id(), row);
                }
            }
            return locked;
        });
    }

    /** Writes the stores status events moved (locked by {@link #lockAll}), with an audit row per move. */
    public void applyStatuses(Collection<StoreRow> changed, List<AuditEntry> audits) {
        if (changed.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(STATUSES, ps -> {
            Connection connection = ps.getConnection();
            List<StoreRow> rows = List.copyOf(changed);
            int i = 1;
            ps.setArray(i++, connection.createArrayOf("uuid", rows.stream().map(StoreRow::id).toArray()));
            ps.setArray(i++, texts(connection, rows, r -> r.status().name()));
            ps.setArray(i++, texts(connection, rows, StoreRow::statusReason));
            ps.setArray(i++, connection.createArrayOf("int8", rows.stream().map(StoreRow::generation).toArray()));
            ps.setArray(i++, texts(connection, rows, r -> text(r.deadlineAt())));
            ps.setArray(i++, texts(connection, rows, r -> text(r.updatedAt())));
            ps.setArray(i++, texts(connection, rows, r -> text(r.readyAt())));
            ps.setArray(i++, texts(connection, rows, r -> text(r.deletedAt())));
            ps.setArray(i++, texts(connection, rows, StoreRow::failureStep));
            ps.setArray(i++, texts(connection, rows, StoreRow::failureReason));
            ps.setArray(i++, texts(connection, rows, StoreRow::failureMessage));
            ps.setArray(i++, texts(connection, rows, r -> text(r.failedAt())));
            ps.setArray(i++, texts(connection, rows, StoreRow::plan));
            ps.setArray(i++, texts(connection, rows, StoreRow::version));
            ps.setArray(i++, connection.createArrayOf("int4", rows.stream().map(StoreRow::revision).toArray()));
            ps.setArray(i++, texts(connection, rows, r -> text(r.expiryNoticedAt())));
            ps.setArray(i++, connection.createArrayOf("uuid", audits.stream().map(AuditEntry::storeId).toArray()));
            ps.setArray(i++, texts(connection, audits, AuditEntry::storeName));
            ps.setArray(i++, texts(connection, audits, AuditEntry::action));
            ps.setArray(i++, texts(connection, audits, AuditEntry::actor));
            ps.setArray(i++, texts(connection, audits, AuditEntry::sourceIp));
            ps.setArray(i++, texts(connection, audits, AuditEntry::detail));
            ps.setArray(i, texts(connection, audits, a -> text(a.occurredAt())));
            return ps.executeUpdate();
        });
    }

    /** A new expiry on a store locked by {@link #lock}, with its timeline entry and audit row. */
    public void recordExpiry(StoreRow changed, TimelineEntry entry, AuditEntry audit) {
        jdbc.prepareStatement(EXPIRY, ps -> {
            int i = 1;
            ps.setObject(i++, utc(changed.expiresAt()));
            ps.setObject(i++, utc(changed.updatedAt()));
            ps.setObject(i++, changed.id());
            i = bindEntry(ps, i, entry);
            bindAudit(ps, i, audit, false);
            return ps.executeUpdate();
        });
    }

    /** A store became DELETED: its place in the quota is free again. */
    public void releaseLivePlace(short shard) {
        jdbc.prepareStatement("UPDATE live_store_shards SET live = GREATEST(live - 1, 0) WHERE shard = ?", ps -> {
            ps.setShort(1, shard);
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
        ps.setObject(i++, entry.revision(), Types.INTEGER);
        return i;
    }

    /** The store id (and, on create, its name) come from the statement. */
    static int bindAudit(PreparedStatement ps, int i, AuditEntry audit, boolean withName) throws SQLException {
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

    static void bindOutbox(PreparedStatement ps, int i, OutgoingMessage message) throws SQLException {
        ps.setString(i++, message.exchange());
        ps.setString(i++, message.routingKey());
        ps.setString(i++, message.messageId());
        ps.setString(i++, message.type());
        ps.setBytes(i++, message.body());
        ps.setString(i, message.traceparent());
    }

    private static <T> Array texts(Connection connection, List<T> values, Function<T, String> text)
            throws SQLException {
        return connection.createArrayOf("text", values.stream().map(text).toArray());
    }

    /** Timestamps go into arrays as ISO text; the statement casts them. */
    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
