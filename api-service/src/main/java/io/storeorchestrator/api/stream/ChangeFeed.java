package io.storeorchestrator.api.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.sse.Event;
import io.micronaut.transaction.annotation.ReadOnly;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.http.StoreView;
import io.storeorchestrator.api.store.StoreRow;
import io.storeorchestrator.api.tenant.TenantScope;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads {@code store_changes} with the stores they concern, on pooled connections: one statement per burst for the
 * listener, one or two per resuming client. Each change is sent with the store's row as it is when read.
 */
@Singleton
@ReadOnly
public class ChangeFeed {

    /** Rows the listener reads per statement. */
    static final int BATCH = 500;

    /** One read: the changes found, and the snapshot it saw them in ({@link ChangeOrder} needs both). */
    record Batch(List<StoreChange> changes, long xmin, long xmax) {
    }

    /** What a resuming client gets: the changes it missed, or a reset. */
    record Resume(boolean reset, List<StoreChange> changes) {
    }

    private final JdbcOperations jdbc;
    private final ObjectWriter json;
    private final ApiConfig config;

    public ChangeFeed(JdbcOperations jdbc, ObjectMapper mapper, ApiConfig config) {
        this.jdbc = jdbc;
        this.json = mapper.writerFor(StoreView.class);
        this.config = config;
    }

    /** The last change id there is: where a listener that starts now begins. */
    public long latest() {
        return jdbc.prepareStatement("SELECT coalesce(max(id), 0) FROM store_changes", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * The changes after {@code after} and those among {@code gaps}, in id order, at most {@link #BATCH}, with the
     * statement's snapshot bounds (one statement, so they describe exactly what it saw).
     *
     * @param withStores read each change's store and render its event; without, only the change (no client to send
     *                   it to: {@link #render} reads the store if one turns up before it is sent)
     */
    public Batch read(long after, List<Long> gaps, boolean withStores) {
        String sql = withStores ? READ_WITH_STORES : READ_IDS;
        return jdbc.prepareStatement(sql, ps -> {
            ps.setLong(1, after);
            ps.setArray(2, ps.getConnection().createArrayOf("bigint", gaps.toArray()));
            ps.setInt(3, BATCH);
            List<StoreChange> changes = new ArrayList<>();
            long xmin = 0;
            long xmax = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    xmin = rs.getLong("snap_xmin");
                    xmax = rs.getLong("snap_xmax");
                    if (rs.getObject("change_id") != null) {
                        changes.add(withStores ? change(rs) : StoreChange.unread(rs.getLong("change_id"),
                                rs.getObject("change_tenant", UUID.class), rs.getObject("change_store", UUID.class)));
                    }
                }
            }
            return new Batch(changes, xmin, xmax);
        });
    }

    /** The changes with the stores they name, as they are now; those that were read before stay as they were. */
    public List<StoreChange> render(List<StoreChange> changes) {
        Object[] stores = changes.stream().filter(StoreChange::isUnread).map(StoreChange::storeId).distinct().toArray();
        if (stores.length == 0) {
            return changes;
        }
        Map<UUID, StoreRow> rows = jdbc.prepareStatement("SELECT * FROM stores WHERE id = ANY (?)", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", stores));
            Map<UUID, StoreRow> found = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoreRow row = jdbc.readEntity(rs, StoreRow.class);
                    found.put(row.id(), row);
                }
            }
            return found;
        });
        return changes.stream().map(change -> {
            if (!change.isUnread()) {
                return change;
            }
            StoreRow row = rows.get(change.storeId());
            return new StoreChange(change.id(), change.tenantId(), row == null ? null : event(change.id(), row));
        }).toList();
    }

    private static final String READ_IDS = """
            WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS snap_xmin,
                                 pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS snap_xmax),
                 c AS (SELECT id AS change_id, store_id AS change_store, tenant_id AS change_tenant FROM store_changes
                       WHERE id > ? OR id = ANY (?) ORDER BY id LIMIT ?)
            SELECT snap.snap_xmin, snap.snap_xmax, c.change_id, c.change_tenant, c.change_store
            FROM snap LEFT JOIN c ON true
            ORDER BY c.change_id""";

    private static final String READ_WITH_STORES = """
            WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS snap_xmin,
                                 pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS snap_xmax),
                 c AS (SELECT id AS change_id, store_id, tenant_id AS change_tenant FROM store_changes
                       WHERE id > ? OR id = ANY (?) ORDER BY id LIMIT ?)
            SELECT snap.snap_xmin, snap.snap_xmax, c.change_id, c.change_tenant, s.*
            FROM snap LEFT JOIN c ON true LEFT JOIN stores s ON s.id = c.store_id
            ORDER BY c.change_id""";

    /**
     * What a client that last saw {@code lastSeen} missed, within its scope, up to {@code upTo} (the hub's position
     * when it opened; later changes reach it live): the latest change of each store that changed, in id order. A reset
     * when changes after its id may have been purged, when the id is not one this database gave, or when more than
     * {@code max} stores changed (reloading is then cheaper than replaying).
     */
    public Resume resume(TenantScope scope, long lastSeen, long upTo, int max) {
        if (lastSeen < 0 || tooOld(lastSeen)) {
            return new Resume(true, List.of());
        }
        if (lastSeen >= upTo) {
            return new Resume(false, List.of());
        }
        String sql = """
                SELECT c.change_id, c.change_tenant, s.*
                FROM (SELECT DISTINCT ON (store_id) id AS change_id, store_id, tenant_id AS change_tenant
                      FROM store_changes WHERE id > ? AND id <= ? AND $SCOPE
                      ORDER BY store_id, id DESC) c
                JOIN stores s ON s.id = c.store_id
                ORDER BY c.change_id
                LIMIT ?""".replace("$SCOPE", scope.where("tenant_id"));
        List<StoreChange> changes = jdbc.prepareStatement(sql, ps -> {
            ps.setLong(1, lastSeen);
            ps.setLong(2, upTo);
            ps.setInt(scope.bind(ps, 3), max + 1);
            List<StoreChange> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(change(rs));
                }
            }
            return out;
        });
        return changes.size() > max ? new Resume(true, List.of()) : new Resume(false, changes);
    }

    /** Changes after {@code lastSeen} may be gone: it is below what was purged, or above anything ever written. */
    private boolean tooOld(long lastSeen) {
        return jdbc.prepareStatement("""
                SELECT ? < through OR ? > greatest(through, (SELECT coalesce(max(id), 0) FROM store_changes))
                FROM store_changes_purged""", ps -> {
            ps.setLong(1, lastSeen);
            ps.setLong(2, lastSeen);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() || rs.getBoolean(1);
            }
        });
    }

    private StoreChange change(ResultSet rs) throws SQLException {
        long id = rs.getLong("change_id");
        UUID tenant = rs.getObject("change_tenant", UUID.class);
        if (rs.getObject("id") == null) {
            return new StoreChange(id, tenant, null); // the store row is gone: nothing to show
        }
        StoreRow row = jdbc.readEntity(rs, StoreRow.class);
        return new StoreChange(id, tenant, event(id, row));
    }

    private Event<String> event(long id, StoreRow row) {
        try {
            return StreamEvents.store(id, json.writeValueAsString(StoreView.of(row, config)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a store view could not be written as JSON", e);
        }
    }
}
