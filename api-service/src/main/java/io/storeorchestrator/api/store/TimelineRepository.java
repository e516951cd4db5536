package io.storeorchestrator.api.store;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Store timelines ({@code store_events}). Plain SQL: inserts skip entries already recorded and unknown stores. */
@Singleton
public class TimelineRepository {

    /** What inserting one entry did. */
    public enum Recorded { INSERTED, DUPLICATE, UNKNOWN_STORE }

    /**
     * Every entry in one statement. It locks no store row (only the foreign key's share lock), so entries that change
     * nothing but the timeline need no order against intents. The last SELECT tells an entry already there (a
     * redelivery) from one whose store does not exist.
     */
    private static final String INSERT_ALL = """
            WITH incoming AS (
                SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[],
                                     ?::timestamptz[], ?::text[], ?::bigint[], ?::int[]) WITH ORDINALITY
                    AS t(id, store_id, generation, type, step, message, occurred_at, reason, duration_ms, revision, n)
            ), inserted AS (
                INSERT INTO store_events (id, store_id, generation, type, step, message, occurred_at, reason, duration_ms,
                                          revision)
                SELECT id, store_id, generation, type, step, message, occurred_at, reason, duration_ms, revision
                FROM incoming i
                WHERE EXISTS (SELECT 1 FROM stores s WHERE s.id = i.store_id)
                ON CONFLICT (id) DO NOTHING
                RETURNING id
            )
            SELECT i.id IN (SELECT id FROM inserted) AS inserted,
                   EXISTS (SELECT 1 FROM stores s WHERE s.id = i.store_id) AS known
            FROM incoming i ORDER BY i.n""";

    private final JdbcOperations jdbc;

    public TimelineRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Inside the caller's transaction. @return what happened to each entry, in the order given */
    public List<Recorded> insertAll(List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        return jdbc.prepareStatement(INSERT_ALL, ps -> {
            Connection connection = ps.getConnection();
            int size = entries.size();
            UUID[] ids = new UUID[size];
            UUID[] storeIds = new UUID[size];
            Long[] generations = new Long[size];
            String[] types = new String[size];
            String[] steps = new String[size];
            String[] messages = new String[size];
            String[] occurredAt = new String[size];
            String[] reasons = new String[size];
            Long[] durations = new Long[size];
            Integer[] revisions = new Integer[size];
            for (int i = 0; i < size; i++) {
                TimelineEntry entry = entries.get(i);
                ids[i] = entry.id();
                storeIds[i] = entry.storeId();
                generations[i] = entry.generation();
                types[i] = entry.type();
                steps[i] = entry.step();
                messages[i] = entry.message();
                occurredAt[i] = entry.occurredAt().toString();
                reasons[i] = entry.reason();
                durations[i] = entry.durationMs();
                revisions[i] = entry.revision();
            }
            Array[] arrays = {connection.createArrayOf("uuid", ids), connection.createArrayOf("uuid", storeIds),
                    connection.createArrayOf("int8", generations), connection.createArrayOf("text", types),
                    connection.createArrayOf("text", steps), connection.createArrayOf("text", messages),
                    connection.createArrayOf("text", occurredAt), connection.createArrayOf("text", reasons),
                    connection.createArrayOf("int8", durations), connection.createArrayOf("int4", revisions)};
            for (int i = 0; i < arrays.length; i++) {
                ps.setArray(i + 1, arrays[i]);
            }
            List<Recorded> results = new ArrayList<>(size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    results.add(rs.getBoolean(1) ? Recorded.INSERTED
                            : rs.getBoolean(2) ? Recorded.DUPLICATE : Recorded.UNKNOWN_STORE);
                }
            }
            return results;
        });
    }

    /** The store's timeline, oldest first. */
    @ReadOnly
    public List<TimelineEntry> findByStore(UUID storeId) {
        String sql = """
                SELECT id, store_id, generation, type, step, message, occurred_at, reason, duration_ms, revision
                FROM store_events WHERE store_id = ? ORDER BY occurred_at, recorded_at, id""";
        return jdbc.prepareStatement(sql, ps -> {
            ps.setObject(1, storeId);
            try (ResultSet rs = ps.executeQuery()) {
                List<TimelineEntry> entries = new ArrayList<>();
                while (rs.next()) {
                    entries.add(read(rs));
                }
                return entries;
            }
        });
    }

    /**
     * When each store's generation was accepted, for the stores whose generation is given (the ones that just became
     * READY), read through the timeline index: its ACCEPTED entry's time, if a create or a retry asked for that
     * generation to be provisioned. An update's READY, and a READY store provisioned again after its namespace
     * vanished, are no time to ready.
     */
    @ReadOnly
    public Map<UUID, Instant> acceptedAt(Map<UUID, Long> generations) {
        if (generations.isEmpty()) {
            return Map.of();
        }
        String sql = """
                SELECT store_id, generation, min(occurred_at) FROM store_events e
                WHERE store_id = ANY (?) AND type = 'ACCEPTED' AND step IN ('create', 'retry')
                  AND NOT EXISTS (SELECT 1 FROM store_events r WHERE r.store_id = e.store_id
                                  AND r.generation = e.generation AND r.type = 'REPROVISIONING')
                GROUP BY store_id, generation""";
        return jdbc.prepareStatement(sql, ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", generations.keySet().toArray()));
            Map<UUID, Instant> accepted = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID store = rs.getObject(1, UUID.class);
                    if (generations.get(store) == rs.getLong(2)) {
                        accepted.put(store, rs.getObject(3, OffsetDateTime.class).toInstant());
                    }
                }
            }
            return accepted;
        });
    }

    private static TimelineEntry read(ResultSet rs) throws SQLException {
        return new TimelineEntry(rs.getObject("id", UUID.class), rs.getObject("store_id", UUID.class),
                rs.getLong("generation"), rs.getString("type"), rs.getString("step"), rs.getString("message"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("reason"),
                rs.getObject("duration_ms", Long.class), rs.getObject("revision", Integer.class));
    }
}
