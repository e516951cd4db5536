package io.storeorchestrator.api.store;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Store revisions ({@code store_revisions}). Plain SQL. Writes run inside the caller's transaction, on stores it has
 * locked; a store's revision 1 is written by {@link StoreWrites#create} with the store itself.
 */
@Singleton
public class RevisionRepository {

    private static final String COLUMNS =
            "store_id, revision, generation, version, plan, status, reason, created_at, ready_at";

    /**
     * The revisions a batch of events can touch, for the stores given as (id, generation, revision): the one the
     * current generation asked for, the one the store runs, and any the events name.
     */
    private static final String FOR_EVENTS = """
            SELECT r.* FROM store_revisions r
            JOIN unnest(?::uuid[], ?::bigint[], ?::int[]) AS s(id, generation, revision) ON r.store_id = s.id
            WHERE r.generation = s.generation OR r.revision = s.revision OR r.revision = ANY (?::int[])""";

    private static final String UPDATE_ALL = """
            UPDATE store_revisions r SET generation = v.generation, status = v.status, reason = v.reason,
                                         ready_at = v.ready_at
            FROM unnest(?::uuid[], ?::int[], ?::bigint[], ?::text[], ?::text[], ?::timestamptz[])
                AS v(store_id, revision, generation, status, reason, ready_at)
            WHERE r.store_id = v.store_id AND r.revision = v.revision""";

    private final JdbcOperations jdbc;

    public RevisionRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Every revision of the store, newest first: what {@code GET /api/v1/stores/{id}/revisions} lists. */
    @ReadOnly
    public List<StoreRevision> listNewestFirst(UUID storeId) {
        return ofStore(storeId).all().reversed();
    }

    /** Every revision of the store, inside the caller's transaction (which has locked the store). */
    public StoreRevisions ofStore(UUID storeId) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM store_revisions WHERE store_id = ?", ps -> {
            ps.setObject(1, storeId);
            return new StoreRevisions(readAll(ps));
        });
    }

    /** See {@link #FOR_EVENTS}; stores without revision rows are absent from the result. */
    public Map<UUID, StoreRevisions> forEvents(Collection<StoreRow> stores, Collection<Integer> named) {
        if (stores.isEmpty()) {
            return Map.of();
        }
        List<StoreRevision> rows = jdbc.prepareStatement(FOR_EVENTS, ps -> {
            Connection connection = ps.getConnection();
            ps.setArray(1, connection.createArrayOf("uuid", stores.stream().map(StoreRow::id).toArray()));
            ps.setArray(2, connection.createArrayOf("int8", stores.stream().map(StoreRow::generation).toArray()));
            ps.setArray(3, connection.createArrayOf("int4", stores.stream().map(StoreRow::revision).toArray()));
            ps.setArray(4, connection.createArrayOf("int4", named.toArray()));
            return readAll(ps);
        });
        Map<UUID, List<StoreRevision>> byStore = new HashMap<>();
        rows.forEach(row -> byStore.computeIfAbsent(row.storeId(), id -> new ArrayList<>()).add(row));
        Map<UUID, StoreRevisions> revisions = new HashMap<>();
        byStore.forEach((id, list) -> revisions.put(id, new StoreRevisions(list)));
        return revisions;
    }

    public void insert(StoreRevision revision) {
        jdbc.prepareStatement("INSERT INTO store_revisions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            bindInsert(ps, 1, revision);
            return ps.executeUpdate();
        });
    }

    /** Writes the status, reason, readiness and generation of revisions that exist, in one statement. */
    public void updateAll(Collection<StoreRevision> changed) {
        if (changed.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(UPDATE_ALL, ps -> {
            Connection connection = ps.getConnection();
            List<StoreRevision> rows = List.copyOf(changed);
            ps.setArray(1, connection.createArrayOf("uuid", rows.stream().map(StoreRevision::storeId).toArray()));
            ps.setArray(2, connection.createArrayOf("int4", rows.stream().map(StoreRevision::revision).toArray()));
            ps.setArray(3, connection.createArrayOf("int8", rows.stream().map(StoreRevision::generation).toArray()));
            ps.setArray(4, connection.createArrayOf("text", rows.stream().map(r -> r.status().name()).toArray()));
            ps.setArray(5, connection.createArrayOf("text", rows.stream().map(StoreRevision::reason).toArray()));
            ps.setArray(6, connection.createArrayOf("text",
                    rows.stream().map(r -> r.readyAt() == null ? null : r.readyAt().toString()).toArray()));
            return ps.executeUpdate();
        });
    }

    /** Binds a whole row in {@link #COLUMNS} order; {@link StoreWrites#create} uses it too. */
    static int bindInsert(PreparedStatement ps, int i, StoreRevision revision) throws SQLException {
        ps.setObject(i++, revision.storeId());
        return bindWithoutStore(ps, i, revision);
    }

    /** Every column after {@code store_id}. */
    static int bindWithoutStore(PreparedStatement ps, int i, StoreRevision revision) throws SQLException {
        ps.setInt(i++, revision.revision());
        ps.setLong(i++, revision.generation());
        ps.setString(i++, revision.version());
        ps.setString(i++, revision.plan());
        ps.setString(i++, revision.status().name());
        ps.setString(i++, revision.reason());
        ps.setObject(i++, utc(revision.createdAt()));
        ps.setObject(i++, utc(revision.readyAt()));
        return i;
    }

    private static List<StoreRevision> readAll(PreparedStatement ps) throws SQLException {
        List<StoreRevision> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime readyAt = rs.getObject("ready_at", OffsetDateTime.class);
                rows.add(new StoreRevision(rs.getObject("store_id", UUID.class), rs.getInt("revision"),
                        rs.getLong("generation"), rs.getString("version"), rs.getString("plan"),
                        RevisionStatus.valueOf(rs.getString("status")), rs.getString("reason"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        readyAt == null ? null : readyAt.toInstant()));
            }
        }
        return rows;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
