package io.storeorchestrator.api.store;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The writes of what the reaper asks the API to do, besides moving statuses ({@link StoreWrites}): the teardown
 * commands of the deletions it requested, the rows of the stores it has the API purge, and their audit rows. Each runs
 * in the caller's transaction ({@link io.storeorchestrator.api.events.EventApplier}'s batch).
 */
@Singleton
public class HousekeepingWrites {

    private static final String OUTBOX = """
            INSERT INTO outbox (store_id, exchange, routing_key, message_id, message_type, payload, traceparent)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    private static final String AUDIT = """
            INSERT INTO audit_log (store_id, store_name, action, actor, source_ip, detail, occurred_at, tenant_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcOperations jdbc;
    private final StoreWrites writes;

    public HousekeepingWrites(JdbcOperations jdbc, StoreWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /** Commands a batch of events produced (the reaper's deletions), for the outbox relay. */
    public void enqueue(Map<UUID, OutgoingMessage> commands) {
        if (commands.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(OUTBOX, ps -> {
            for (Map.Entry<UUID, OutgoingMessage> command : commands.entrySet()) {
                ps.setObject(1, command.getKey());
                StoreWrites.bindOutbox(ps, 2, command.getValue());
                ps.addBatch();
            }
            return ps.executeBatch().length;
        });
    }

    /** Audit rows not tied to a status move (a purge). */
    public void audit(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(AUDIT, ps -> {
            for (AuditEntry entry : entries) {
                ps.setObject(1, entry.storeId());
                ps.setString(2, entry.storeName());
                StoreWrites.bindAudit(ps, 3, entry, false);
                ps.setObject(8, entry.tenantId());
                ps.addBatch();
            }
            return ps.executeBatch().length;
        });
    }

    /**
     * Removes DELETED stores among {@code ids} with their timeline, revisions, lease and published outbox rows (the
     * audit log keeps theirs), each statement for the whole batch.
     *
     * @return the stores purged: those that were DELETED; the rest are left as they are
     */
    public List<StoreRow> purge(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<StoreRow> purged = new ArrayList<>(writes.lockAll(ids).values().stream()
                .filter(store -> store.status() == io.storeorchestrator.common.domain.StoreStatus.DELETED).toList());
        if (purged.isEmpty()) {
            return purged;
        }
        Object[] gone = purged.stream().map(StoreRow::id).toArray();
        for (String sql : List.of("DELETE FROM store_events WHERE store_id = ANY (?)",
                "DELETE FROM outbox WHERE store_id = ANY (?) AND published_at IS NOT NULL",
                "DELETE FROM stores WHERE id = ANY (?) AND status = 'DELETED'")) {
            jdbc.prepareStatement(sql, ps -> {
                ps.setArray(1, ps.getConnection().createArrayOf("uuid", gone));
                return ps.executeUpdate();
            });
        }
        return purged;
    }
}
